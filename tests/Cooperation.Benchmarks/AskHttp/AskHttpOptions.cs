using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cooperation.Knowledge.Evaluation;

namespace Cooperation.Benchmarks.AskHttp;

/// <summary>
/// ask-http [--questions FILE]... [--import DIR]... [--rounds 5] [--warmup 1] [--concurrency 0] [--gc server|workstation].
/// The questions default to tests/evaluation/dev.jsonl (found above the working directory); --import adds folders to
/// the Rules library beside the demo seed's sample texts (e.g. tests/evaluation/library for train.jsonl's documents).
/// </summary>
internal sealed record AskHttpOptions(
    IReadOnlyList<string> QuestionFiles,
    IReadOnlyList<string> Imports,
    int Rounds,
    int Warmup,
    int Concurrency,
    string Gc,
    bool Serve)
{
    public static AskHttpOptions Parse(string[] args)
    {
        List<string> All(string name) => args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => Path.GetFullPath(args[p.i + 1])).ToList();
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var questions = All("--questions");
        var gc = Value("--gc") ?? "server";
        if (gc is not ("server" or "workstation"))
        {
            throw new ArgumentException("--gc is server (the site's own setting) or workstation.");
        }

        return new AskHttpOptions(questions.Count > 0 ? questions : [DefaultQuestions()], All("--import"),
            Number("--rounds", 5), Number("--warmup", 1), Number("--concurrency", 0), gc, args.Contains("--serve"));
    }

    /// <summary>What the site's child process is started with: the same questions and folders.</summary>
    public IEnumerable<string> ServerArguments() =>
        QuestionFiles.SelectMany(f => new[] { "--questions", f }).Concat(Imports.SelectMany(f => new[] { "--import", f }));

    public IReadOnlyList<EvaluationQuestion> LoadQuestions() => QuestionFiles.SelectMany(EvaluationQuestions.Load).ToList();

    /// <summary>A short fingerprint of an answer's text, to check that both paths gave the same answer.</summary>
    public static string AnswerKey(string answer) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(answer)))[..16];

    private static string DefaultQuestions()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var file = Path.Combine(directory.FullName, "tests", "evaluation", "dev.jsonl");
                if (File.Exists(file))
                {
                    return file;
                }
            }
        }

        throw new InvalidOperationException("Cannot find tests/evaluation/dev.jsonl above the working directory; give --questions FILE.");
    }
}
