namespace Cooperation.Web.Collaboration;

/// <summary>SignalR group names. One group per workspace, and one per workspace and language for presence texts.</summary>
internal static class WorkspaceGroups
{
    public static string Of(Guid workspaceId) => $"workspace:{workspaceId:N}";

    public static string Of(Guid workspaceId, string culture) => $"workspace:{workspaceId:N}:{culture}";
}
