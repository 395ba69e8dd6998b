using System.Net;

namespace Cooperation.Web.Tests.Authorization;

public enum Persona
{
    Anonymous,
    Observer,
    Member,
    Coordinator,
    OtherWorkspaceMember,
    Administrator,
}

/// <summary>What a case can refer to: a fresh workspace with one person of each role, plus ids made by its setup.</summary>
public sealed class MatrixContext
{
    public required Guid WorkspaceId { get; init; }
    public required Guid OtherWorkspaceId { get; init; }
    public required string TargetMemberId { get; init; }
    public Dictionary<string, string> Values { get; } = [];
}

/// <summary>One endpoint and the status each persona must get.</summary>
/// <param name="Pattern">The endpoint's route pattern as the app declares it (without constraints), to prove every endpoint is covered.</param>
public sealed record ApiCase(string Method, string Pattern, Func<MatrixContext, string> Url, Func<MatrixContext, HttpContent?> Body, IReadOnlyDictionary<Persona, HttpStatusCode> Expected)
{
    public Func<Infrastructure.CooperationApp, MatrixContext, Task>? Setup { get; init; }

    /// <summary>Tells apart a second row for the same endpoint (another body or another workspace).</summary>
    public string? Variant { get; init; }

    /// <summary>A page rather than an API endpoint: its refusals are pages or redirects, not ProblemDetails.</summary>
    public bool IsPage { get; init; }

    public string Name => Variant is null ? $"{Method} {Pattern}" : $"{Method} {Pattern} ({Variant})";

    public override string ToString() => Name;
}

/// <summary>Typical expectation sets, so each case reads as what it is.</summary>
public static class Expect
{
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;

    /// <summary>Any signed-in person may call it.</summary>
    public static Dictionary<Persona, HttpStatusCode> SignedIn(HttpStatusCode ok) => All(ok, anonymous: Unauthorized);

    public static Dictionary<Persona, HttpStatusCode> AdministratorOnly(HttpStatusCode ok) => new()
    {
        [Persona.Anonymous] = Unauthorized, [Persona.Observer] = Forbidden, [Persona.Member] = Forbidden,
        [Persona.Coordinator] = Forbidden, [Persona.OtherWorkspaceMember] = Forbidden, [Persona.Administrator] = ok,
    };

    /// <summary>Readers of the workspace; others cannot even learn it exists.</summary>
    public static Dictionary<Persona, HttpStatusCode> WorkspaceRead(HttpStatusCode ok) => new()
    {
        [Persona.Anonymous] = Unauthorized, [Persona.Observer] = ok, [Persona.Member] = ok,
        [Persona.Coordinator] = ok, [Persona.OtherWorkspaceMember] = NotFound, [Persona.Administrator] = ok,
    };

    public static Dictionary<Persona, HttpStatusCode> WorkspaceContribute(HttpStatusCode ok) => new()
    {
        [Persona.Anonymous] = Unauthorized, [Persona.Observer] = Forbidden, [Persona.Member] = ok,
        [Persona.Coordinator] = ok, [Persona.OtherWorkspaceMember] = NotFound, [Persona.Administrator] = ok,
    };

    public static Dictionary<Persona, HttpStatusCode> WorkspaceManage(HttpStatusCode ok) => new()
    {
        [Persona.Anonymous] = Unauthorized, [Persona.Observer] = Forbidden, [Persona.Member] = Forbidden,
        [Persona.Coordinator] = ok, [Persona.OtherWorkspaceMember] = NotFound, [Persona.Administrator] = ok,
    };

    /// <summary>A page for the workspace's coordinators: anonymous visitors are sent to sign in.</summary>
    public static Dictionary<Persona, HttpStatusCode> PageManage(HttpStatusCode ok) => new(WorkspaceManage(ok)) { [Persona.Anonymous] = HttpStatusCode.Redirect };

    public static Dictionary<Persona, HttpStatusCode> PageAdministratorOnly(HttpStatusCode ok) => new(AdministratorOnly(ok)) { [Persona.Anonymous] = HttpStatusCode.Redirect };

    public static Dictionary<Persona, HttpStatusCode> PageSignedIn(HttpStatusCode ok) => All(ok, anonymous: HttpStatusCode.Redirect);

    public static Dictionary<Persona, HttpStatusCode> All(HttpStatusCode status, HttpStatusCode? anonymous = null) =>
        Enum.GetValues<Persona>().ToDictionary(p => p, p => p == Persona.Anonymous && anonymous is { } a ? a : status);
}
