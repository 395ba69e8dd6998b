namespace Cooperation.Web.Tests.Infrastructure;

/// <summary>
/// Services the test command starts on loopback (infra/scripts/test.sh). A test that needs one fails with a
/// clear message when it is missing, rather than being skipped.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres => Require("COOPERATION_TEST_POSTGRES", "a PostgreSQL connection string");
    public static string Azurite => Require("COOPERATION_TEST_AZURITE", "an Azurite blob connection string");
    public static string Redis => Require("COOPERATION_TEST_REDIS", "a redis-server host:port");
    public static string Chromium => Environment.GetEnvironmentVariable("COOPERATION_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public static string Materials => Environment.GetEnvironmentVariable("COOPERATION_TEST_MATERIALS")
        ?? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "materials"));

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Where tests leave screenshots and other artifacts for people to look at.</summary>
    public static string ArtifactsFolder
    {
        get
        {
            var folder = Path.Combine(RepositoryRoot, "artifacts", "test");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string Require(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: this test needs {what}. Run the tests with 'bash infra/scripts/test.sh', which starts it.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cooperation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Cooperation.sln) above the test binaries.");
    }
}
