using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cooperation.Web.Tests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real site on a fresh data folder (and, for PostgreSQL, a fresh database), optionally on a real
/// Kestrel port for browsers and SignalR clients. Dispose removes what it created.
/// </summary>
public class CooperationApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.example";
    public const string AdminPassword = "admin-password-1";
    public const string UserPassword = "member-password-1";

    private readonly Dictionary<string, string?> _settings;
    private readonly string? _postgresDatabase;
    private readonly bool _ownsDataPath;

    public CooperationApp(TestDatabase database = TestDatabase.Sqlite, bool kestrel = false, IDictionary<string, string?>? settings = null, string? dataPath = null, string? postgresDatabase = null)
    {
        DataPath = dataPath ?? Directory.CreateTempSubdirectory("cooperation-test-").FullName;
        _ownsDataPath = dataPath is null;
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Cooperation:DataPath"] = DataPath,
            ["Cooperation:Admin:Email"] = AdminEmail,
            ["Cooperation:Admin:Password"] = AdminPassword,
            ["Urls"] = "http://127.0.0.1:0",
            // The Teams tests post unsigned activities from loopback; off by default on a real site.
            ["Bot:AllowUnsignedLocal"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        };
        if (database == TestDatabase.Postgres)
        {
            _postgresDatabase = postgresDatabase ?? CreatePostgresDatabase();
            PostgresDatabaseName = _postgresDatabase;
            _settings["Database:Provider"] = "Postgres";
            _settings["Database:ConnectionString"] = PostgresConnectionString(_postgresDatabase);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (kestrel)
        {
            UseKestrel(0);
            StartServer();
        }
    }

    public string DataPath { get; }
    public TestDatabase Database { get; }
    public string? PostgresDatabaseName { get; }

    /// <summary>The real address when started with Kestrel.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Password hashing is deliberately slow; tests create many accounts and do not test its strength.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = database, Pooling = false }.ConnectionString;

    public static string CreatePostgresDatabase()
    {
        var name = "coop_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return name;
    }

    public HttpClient ClientWithToken(string token)
    {
        // BaseAddress: on Kestrel the clients must go to the real port, not the default http://localhost.
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>Creates a person (optionally an administrator) and returns an API client signed in as them.</summary>
    public async Task<TestUser> CreateUserAsync(string email, bool administrator = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], IsAdministrator = administrator };
            var result = await users.CreateAsync(user, UserPassword);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }

        var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(user.Id, "test", 30, CancellationToken.None);
        return new TestUser(user.Id, email, token.Token, ClientWithToken(token.Token));
    }

    /// <summary>The administrator makes the workspace public, as only administrators may.</summary>
    public async Task MakePublicAsync(Guid workspaceId)
    {
        var administrator = await CreateUserAsync(AdminEmail);
        var response = await administrator.Client.PatchAsJsonAsync($"/api/workspaces/{workspaceId}", new { isPublic = true });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Puts the person in the workspace directly in the database, as scene setup. Through the site, people join only by
    /// accepting an invitation (see InvitationTests).
    /// </summary>
    public async Task AddMemberAsync(Guid workspaceId, TestUser user, WorkspaceRole role)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        db.Memberships.Add(new Membership { WorkspaceId = workspaceId, UserId = user.Id, Role = role });
        await db.SaveChangesAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<CooperationDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CooperationDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_postgresDatabase is not null && PostgresDatabaseName == _postgresDatabase && _dropDatabaseOnDispose)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        if (_ownsDataPath && _deleteDataOnDispose)
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finishing background task; the temp folder is cleaned by the OS.
            }
        }
    }

    private bool _dropDatabaseOnDispose = true;
    private bool _deleteDataOnDispose = true;

    /// <summary>For restart tests: the next instance reuses this one's data folder and database.</summary>
    public void KeepDataOnDispose()
    {
        _dropDatabaseOnDispose = false;
        _deleteDataOnDispose = false;
    }
}

public sealed record TestUser(string Id, string Email, string Token, HttpClient Client)
{
    public async Task<T> GetAsync<T>(string url) =>
        await Client.GetFromJsonAsync<T>(url, ApiJson.Options) ?? throw new InvalidOperationException($"{url} returned null");
}
