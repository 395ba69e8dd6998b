using System.ComponentModel.DataAnnotations;

namespace Cooperation.Web.Infrastructure;

/// <summary>The "Cooperation" configuration section: where data lives, the first administrator, the demo seed.</summary>
public sealed class CooperationOptions
{
    public const string Section = "Cooperation";

    /// <summary>Folder for the SQLite database, stored documents and the search index.</summary>
    [Required]
    public string DataPath { get; set; } = "./data";

    public AdminOptions Admin { get; set; } = new();

    public SeedOptions Seed { get; set; } = new();

    /// <summary>Public address of the site, used in links shown to people (invitations, bot citations).</summary>
    public Uri? PublicBaseUrl { get; set; }

    public string FullDataPath => Path.GetFullPath(DataPath);

    public sealed class AdminOptions
    {
        [EmailAddress]
        public string? Email { get; set; }

        public string? Password { get; set; }
    }

    public sealed class SeedOptions
    {
        public bool Demo { get; set; } = true;
    }
}

/// <summary>The "Database" section. SQLite under the data folder unless PostgreSQL is chosen.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite it defaults to a file under the data folder.</summary>
    public string? ConnectionString { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
