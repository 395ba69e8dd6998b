using System.Collections.Concurrent;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR;

namespace Cooperation.Web.Collaboration.LiveAccess;

/// <summary>One open hub connection on this instance, and what its access depends on.</summary>
public sealed class LiveConnection(HubCallerContext context, string userId, Guid? tokenId, string? securityStamp = null)
{
    public HubCallerContext Context { get; } = context;
    public string ConnectionId => Context.ConnectionId;
    public string UserId { get; } = userId;

    /// <summary>The personal access token the connection signed in with; null for the site's sign-in cookie.</summary>
    public Guid? TokenId { get; } = tokenId;

    /// <summary>The account's security stamp in the sign-in cookie: a new stamp (password changed, other sessions signed out) ends it.</summary>
    public string? SecurityStamp { get; } = securityStamp;

    /// <summary>The workspaces it joined, each with the language of its presence group.</summary>
    public ConcurrentDictionary<Guid, string> Workspaces { get; } = new();
}

/// <summary>
/// This instance's hub connections. Only the instance holding a connection can close it, and only it knows for
/// certain which groups the connection is in, so each instance reviews its own when access changes.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new();

    public void Add(LiveConnection connection) => _connections[connection.ConnectionId] = connection;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public LiveConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>The connections a change may concern: the person's (all of them), or those that joined the workspace.</summary>
    public List<LiveConnection> AffectedBy(AccessChange change) =>
        _connections.Values
            .Where(c => (change.UserId is null || c.UserId == change.UserId) && (change.WorkspaceId is not { } workspaceId || c.Workspaces.ContainsKey(workspaceId)))
            .ToList();
}
