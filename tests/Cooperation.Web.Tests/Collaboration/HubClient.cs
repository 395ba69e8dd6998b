using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Collaboration.Chat;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>What a client received, in order: the client method name and its argument.</summary>
public sealed record Received(string Method, object Argument)
{
    public WorkspaceEventMessage Event => (WorkspaceEventMessage)Argument;
    public PresenceUpdate Presence => (PresenceUpdate)Argument;
}

/// <summary>
/// A real .NET SignalR client on /hubs/workspace, signed in with a person's access token, recording every
/// client method the server calls so that tests can wait for and inspect them.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    // Long enough for a loaded two-core machine; only a guard against hanging, never a measure of speed.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Channel<Received> _inbox = Channel.CreateUnbounded<Received>();
    private readonly List<Received> _seen = [];

    private HubClient(HubConnection connection, TestUser user)
    {
        Connection = connection;
        User = user;
        On<WorkspaceEventMessage>(nameof(IWorkspaceClient.ChatMessageReceived));
        On<WorkspaceEventMessage>(nameof(IWorkspaceClient.ChatMessageUpdated));
        On<WorkspaceEventMessage>(nameof(IWorkspaceClient.DocumentChanged));
        On<WorkspaceEventMessage>(nameof(IWorkspaceClient.CommentAdded));
        On<WorkspaceEventMessage>(nameof(IWorkspaceClient.CommentUpdated));
        On<WorkspaceEventMessage>(nameof(IWorkspaceClient.MemberChanged));
        On<WorkspaceEventMessage>(nameof(IWorkspaceClient.EventReceived));
        On<PresenceUpdate>(nameof(IWorkspaceClient.PresenceChanged));
        On<TypingNotice>(nameof(IWorkspaceClient.UserTyping));
        On<MentionNotice>(nameof(IWorkspaceClient.Mentioned));
        On<ReminderNotice>(nameof(IWorkspaceClient.ReminderDue));
        On<AccessEndedNotice>(nameof(IWorkspaceClient.AccessEnded));
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until the server closes the connection (the client never stops it in these tests).</summary>
    public async Task WaitUntilClosedAsync()
    {
        try
        {
            await _closed.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The server did not close the connection of {User.Email} (state {Connection.State}).");
        }
    }

    public HubConnection Connection { get; }
    public TestUser User { get; }

    /// <summary>Everything received so far, in order (including what a Wait already returned).</summary>
    public IReadOnlyList<Received> Seen
    {
        get
        {
            Drain();
            return [.. _seen];
        }
    }

    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static async Task<HubClient> ConnectAsync(CooperationApp app, TestUser user, string? language = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, CollaborationExtensions.HubPath), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(user.Token);
                if (language is not null)
                {
                    options.Headers["Accept-Language"] = language;
                }
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions = Json)
            .Build();
        var client = new HubClient(connection, user);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>A connection signed in with the site's cookie, as a browser's is (the container holds the sign-in cookie).</summary>
    public static async Task<HubClient> ConnectWithCookiesAsync(CooperationApp app, TestUser user, System.Net.CookieContainer cookies)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, CollaborationExtensions.HubPath), options => options.Cookies = cookies)
            .AddJsonProtocol(options => options.PayloadSerializerOptions = Json)
            .Build();
        var client = new HubClient(connection, user);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        return client;
    }

    public Task<JoinResult> JoinAsync(Guid workspaceId) =>
        Connection.InvokeAsync<JoinResult>("JoinWorkspace", workspaceId, TestContext.Current.CancellationToken);

    public Task<ChatPage> HistoryAsync(Guid workspaceId) =>
        Connection.InvokeAsync<ChatPage>("GetChatHistory", workspaceId, null, 50, TestContext.Current.CancellationToken);

    public Task<ChatMessageDto> SendAsync(Guid workspaceId, string text) =>
        Connection.InvokeAsync<ChatMessageDto>("SendChatMessage", workspaceId, text, TestContext.Current.CancellationToken);

    public Task<WorkspaceEventPage> EventsSinceAsync(Guid workspaceId, long after) =>
        Connection.InvokeAsync<WorkspaceEventPage>("GetEventsSince", workspaceId, after, TestContext.Current.CancellationToken);

    public Task<IReadOnlyList<PresenceUpdate>> PresenceAsync(Guid workspaceId) =>
        Connection.InvokeAsync<IReadOnlyList<PresenceUpdate>>("GetPresence", workspaceId, TestContext.Current.CancellationToken);

    /// <summary>
    /// Waits for the earliest received item that matches and was not returned by an earlier wait; items that do
    /// not match stay available for later waits, so the order of waits need not follow the order of arrival.
    /// </summary>
    public async Task<Received> WaitForAsync(string method, Func<Received, bool>? match = null)
    {
        Drain();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        var start = 0;
        while (true)
        {
            for (var i = start; i < _seen.Count; i++)
            {
                if (!_taken.Contains(i) && _seen[i].Method == method && (match is null || match(_seen[i])))
                {
                    _taken.Add(i);
                    return _seen[i];
                }
            }

            start = _seen.Count;
            try
            {
                _seen.Add(await _inbox.Reader.ReadAsync(timeout.Token));
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{User.Email} did not receive {method} (received: {string.Join(", ", _seen.Select(s => s.Method))}).");
            }
        }
    }

    private readonly HashSet<int> _taken = [];

    public Task<Received> WaitForEventAsync(string method, string type) =>
        WaitForAsync(method, r => r.Argument is WorkspaceEventMessage e && e.Type == type);

    public Task<Received> WaitForPresenceAsync(string userId, string status) =>
        WaitForAsync(nameof(IWorkspaceClient.PresenceChanged), r => r.Presence.UserId == userId && r.Presence.Status == status);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private void On<T>(string method) => Connection.On<T>(method, argument => _inbox.Writer.TryWrite(new Received(method, argument!)));

    private void Drain()
    {
        while (_inbox.Reader.TryRead(out var item))
        {
            _seen.Add(item);
        }
    }

    private static JsonSerializerOptions CreateJson() => new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary>A workspace with a coordinator and a member, ready for hub tests.</summary>
public sealed record HubScene(Guid WorkspaceId, TestUser Coordinator, TestUser Member)
{
    /// <param name="isPublic">Made public by an administrator, the only people who may (issue 14).</param>
    public static async Task<HubScene> CreateAsync(CooperationApp app, string prefix = "hub", bool isPublic = false)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var coordinator = await app.CreateUserAsync($"{prefix}-coordinator-{tag}@collab.example");
        var member = await app.CreateUserAsync($"{prefix}-member-{tag}@collab.example");
        var response = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = $"Live {prefix} {tag}" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var workspaceId = (await response.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, TestContext.Current.CancellationToken))!.Id;
        await app.AddMemberAsync(workspaceId, member, WorkspaceRole.Member);
        if (isPublic)
        {
            await app.MakePublicAsync(workspaceId);
        }

        return new HubScene(workspaceId, coordinator, member);
    }
}

/// <summary>Stands in for any event's data where a test only follows how events travel, not what they say.</summary>
internal sealed record TestEventData(string Label) : IWorkspaceEventData;

internal static class AppExtensions
{
    /// <summary>Publishes an event as another feature would (documents use the same service).</summary>
    public static async Task<long> PublishAsync(this CooperationApp app, Guid workspaceId, string type, IWorkspaceEventData payload)
    {
        var events = app.Services.GetRequiredService<IWorkspaceEvents>();
        return await events.PublishAsync(workspaceId, type, payload, TestContext.Current.CancellationToken);
    }
}
