using System.Globalization;
using System.Text.RegularExpressions;
using Cooperation.Web.Documents;
using Cooperation.Web.Localization;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Humanizer;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>
/// Every string the site puts in front of people has a Chinese translation: the texts written in the source (pages'
/// T["..."], localizers, LocalizedText sentences, counted nouns) and the keys pages build from enums.
/// </summary>
public sealed partial class TranslationTests
{
    private static readonly string Source = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Cooperation.Web");

    [Fact]
    public void EveryTextInThePagesAndServicesHasAChineseTranslation()
    {
        var missing = SourceKeys().Concat(EnumKeys())
            .Where(k => k.Key.Any(char.IsLetter) && !Translated(k.Key))
            .Select(k => $"{k.Where}: \"{k.Key}\"")
            .Distinct().Order().ToList();
        Assert.True(missing.Count == 0, $"Missing in Localization/zh-Hans.json ({missing.Count}):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void TheScanFindsTheShapesItLooksFor()
    {
        // The scan must not quietly find nothing: one known key of each shape.
        var keys = SourceKeys().Select(k => k.Key).ToHashSet();
        Assert.Contains("My workspaces", keys); // T["..."] in a page
        Assert.Contains("The current password is not right. Nothing was changed.", keys); // new LocalizedText("...")
        Assert.Contains("moved “{0}” to the trash", keys); // Text("...") in AuditSentences
        Assert.Contains("{0} members", keys); // T.Quantity(n, "member")
        Assert.False(Translated("A sentence nobody translated"));
    }

    private static bool Translated(string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
        try
        {
            return !new JsonStringLocalizerFactory().Create(typeof(Ui))[key].ResourceNotFound;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static IEnumerable<(string Key, string Where)> SourceKeys()
    {
        foreach (var file in Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var where = Path.GetRelativePath(Source, file);
            foreach (Match m in Literal().Matches(text))
            {
                yield return (Regex.Unescape(m.Groups["key"].Value), where);
            }

            foreach (Match m in CountedNoun().Matches(text))
            {
                yield return ("{0} " + m.Groups["noun"].Value.Pluralize(inputIsKnownToBeSingular: true), where);
            }
        }
    }

    private static IEnumerable<(string Key, string Where)> EnumKeys()
    {
        foreach (var role in Enum.GetValues<WorkspaceRole>())
        {
            yield return (role.ToString(), "WorkspaceRole");
        }

        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            yield return (kind.ToString(), "DocumentKind");
        }

        foreach (var status in Enum.GetValues<ExtractionStatus>())
        {
            yield return ("Extraction: " + status, "ExtractionStatus");
        }

        foreach (var sort in Enum.GetValues<DocumentSort>())
        {
            yield return ("Sort: " + sort, "DocumentSort");
        }

        foreach (var kind in Enum.GetValues<ProgrammeKind>())
        {
            yield return (ProgrammeLabels.Of(kind), "ProgrammeKind");
        }

        foreach (var status in Enum.GetValues<ProgrammeStatus>())
        {
            yield return (ProgrammeLabels.Of(status), "ProgrammeStatus");
        }

        foreach (var reply in Enum.GetValues<ParticipantReply>())
        {
            yield return (ProgrammeLabels.Of(reply), "ParticipantReply");
        }

        // Teams feedback reactions, shown on the assistant-feedback page.
        yield return ("like", "TeamsFeedback");
        yield return ("dislike", "TeamsFeedback");
    }

    // T["..."], text["..."], localizer["..."], new LocalizedText("...") and AuditSentences' Text("...").
    [GeneratedRegex("""(?:\b(?:T|text|localizer)\[|new LocalizedText\(|\bText\()\s*"(?<key>(?:[^"\\]|\\.)*)"(?=\s*[\],)])""")]
    private static partial Regex Literal();

    // T.Quantity(count, "noun"): the key is "{0} nouns".
    [GeneratedRegex("""\.Quantity\([^;]*?,\s*"(?<noun>[^"]+)"\)""")]
    private static partial Regex CountedNoun();
}
