using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooperation.Benchmarks.HubFanOut;

/// <summary>
/// The two servers compared, each run in a process of its own (this program started with --serve) so that its
/// memory can be measured apart from the 1,000 clients.
/// </summary>
internal static class HubServers
{
    public static async Task ServeAsync(string kind, string? postgres, CancellationToken cancellationToken)
    {
        await using var app = kind == "site" ? BuildSite(postgres) : BuildBare();
        await app.StartAsync(cancellationToken);
        var url = app.Urls.First();
        var ready = kind == "site" ? await SeedAsync(app, cancellationToken) : "bare";
        Console.WriteLine($"READY {url} {ready}");

        // Commands from the benchmark on stdin; end of input stops the server.
        while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == "mem")
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Console.WriteLine($"MEM {GC.GetTotalMemory(true)} {Environment.WorkingSet}");
            }
        }

        await app.StopAsync(CancellationToken.None);
    }

    private static WebApplication BuildSite(string? postgres)
    {
        var data = Directory.CreateTempSubdirectory("hubfanout-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Cooperation.Web", EnvironmentName = "Production" });
        var settings = new Dictionary<string, string?>
        {
            ["Cooperation:DataPath"] = data,
            ["Cooperation:Seed:Demo"] = "false",
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            // The per-connection limit protects people from a flood; the benchmark is one on purpose.
            ["Collaboration:RateLimitBurst"] = "100000",
            ["Collaboration:RateLimitPerSecond"] = "100000",
        };
        if (postgres is not null)
        {
            settings["Database:Provider"] = "Postgres";
            settings["Database:ConnectionString"] = postgres;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCooperationWeb();
        var app = builder.Build();
        app.MapCooperation();
        return app;
    }

    /// <summary>One person, one workspace, one token: the connections are that person's tabs.</summary>
    private static async Task<string> SeedAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = "bench@bench.example", Email = "bench@bench.example", EmailConfirmed = true, DisplayName = "Bench" };
        var created = await users.CreateAsync(user, "bench-password-1");
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var workspace = await scope.ServiceProvider.GetRequiredService<WorkspaceService>()
            .CreateAsync(user.Id, new WorkspaceInput($"Fan-out {Guid.NewGuid():N}", null), cancellationToken);
        var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(user.Id, "bench", 1, cancellationToken);
        return $"{workspace.Id} {token.Token}";
    }

    private static WebApplication BuildBare()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024);
        var app = builder.Build();
        app.MapHub<BareHub>("/hubs/bare");
        return app;
    }
}

/// <summary>The baseline: same method names and message shape as the workspace hub, no auth, no checks, no storage.</summary>
internal sealed class BareHub : Hub
{
    // As long as the workspace hub's ids and name (an Identity user id is a GUID string), so the messages are the same size.
    private static readonly string AuthorId = Guid.NewGuid().ToString();
    private static long _sequence;

    public Task JoinWorkspace(Guid workspaceId) => Groups.AddToGroupAsync(Context.ConnectionId, workspaceId.ToString("N"));

    public async Task<object> SendChatMessage(Guid workspaceId, string text)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var data = new { id = Guid.CreateVersion7(), workspaceId, sequence, authorId = AuthorId, authorName = "Bench", text, at = DateTime.UtcNow, editedAt = (DateTime?)null, deleted = false };
        await Clients.Group(workspaceId.ToString("N")).SendAsync("ChatMessageReceived", new { workspaceId, sequence, type = "chat.posted", at = data.at, data });
        return data;
    }
}
