using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooperation.Cli.Backup;

/// <summary>
/// manifest.json of a backup archive. The archive also holds database/&lt;table&gt;.jsonl (one JSON object per row,
/// keyed by column) and content/&lt;storage key&gt; (the content of every committed document version).
/// </summary>
public sealed record BackupManifest(
    string Format,
    int FormatVersion,
    DateTime CreatedAt,
    string DatabaseProvider,
    List<BackupTable> Tables,
    List<BackupContent> Versions)
{
    public const string FormatName = "cooperation-backup";
    public const int CurrentFormatVersion = 1;
    public const string EntryName = "manifest.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string TableEntry(string table) => $"database/{table}.jsonl";

    public static string ContentEntry(string storageKey) => $"content/{storageKey}";
}

public sealed record BackupTable(string Name, long Rows, List<string> Columns);

/// <summary>One committed document version: where its content is and what it must hash to.</summary>
public sealed record BackupContent(Guid VersionId, Guid DocumentId, string StorageKey, string Sha256, long Length);
