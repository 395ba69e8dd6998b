using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cooperation.Knowledge.Chunking;
using Microsoft.Data.Sqlite;

namespace Cooperation.Benchmarks.Retrieval;

/// <summary>
/// The baseline: the same chunks in an SQLite FTS5 table (unicode61 tokenizer, diacritics folded), ranked by
/// bm25(), filtered to the same workspaces. A question becomes its words, each quoted, joined with OR, with
/// a few very common English and French words left out.
/// </summary>
internal sealed partial class Fts5Baseline : IDisposable
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "if", "in", "is", "it",
        "its", "of", "on", "or", "that", "the", "this", "to", "was", "we", "what", "when", "which", "who", "with", "under",
        "le", "la", "les", "de", "des", "du", "et", "un", "une", "en", "à",
    };

    private readonly SqliteConnection _connection;

    public Fts5Baseline(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("CREATE VIRTUAL TABLE chunks USING fts5(body, workspace UNINDEXED, document UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');");
    }

    /// <summary>The SQLite version and whether its compile options include FTS5 (the CREATE above would have failed otherwise).</summary>
    public string Describe()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version(), sqlite_compileoption_used('ENABLE_FTS5');";
        using var reader = command.ExecuteReader();
        reader.Read();
        return $"SQLite {reader.GetString(0)}, ENABLE_FTS5 {reader.GetInt64(1) == 1}";
    }

    /// <summary>One document's chunks in one transaction, as an application would add a document.</summary>
    public void Add(IReadOnlyList<KnowledgeChunk> chunks)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO chunks (body, workspace, document) VALUES ($body, $workspace, $document);";
        var body = command.Parameters.Add("$body", SqliteType.Text);
        var workspace = command.Parameters.Add("$workspace", SqliteType.Text);
        var document = command.Parameters.Add("$document", SqliteType.Text);
        command.Prepare();
        foreach (var chunk in chunks)
        {
            body.Value = chunk.Heading.Length > 0 ? chunk.Heading + "\n" + chunk.Text : chunk.Text;
            workspace.Value = Key(chunk.WorkspaceId);
            document.Value = Key(chunk.DocumentId);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Merges the table's b-trees once the corpus is loaded, as one would before serving queries.</summary>
    public void Optimize() => Execute("INSERT INTO chunks (chunks) VALUES ('optimize');");

    public List<(Guid DocumentId, string Text)> Search(string question, IReadOnlyList<Guid> workspaces, int top)
    {
        var match = MatchExpression(question);
        var results = new List<(Guid, string)>();
        if (match.Length == 0)
        {
            return results;
        }

        using var command = _connection.CreateCommand();
        var names = new StringBuilder();
        for (var i = 0; i < workspaces.Count; i++)
        {
            names.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"$w{i}");
            command.Parameters.AddWithValue($"$w{i}", Key(workspaces[i]));
        }

        command.CommandText = $"SELECT document, body FROM chunks WHERE chunks MATCH $match AND workspace IN ({names}) ORDER BY bm25(chunks) LIMIT $top;";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$top", top);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add((Guid.ParseExact(reader.GetString(0), "N"), reader.GetString(1)));
        }

        return results;
    }

    /// <summary>Each word as an FTS5 string (double quotes doubled), ORed, so no word can be read as query syntax.</summary>
    internal static string MatchExpression(string question) =>
        string.Join(" OR ", Word().Matches(question)
            .Select(m => m.Value)
            .Where(w => !StopWords.Contains(w))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    private static string Key(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}\p{Mn}'’-]*")]
    private static partial Regex Word();
}
