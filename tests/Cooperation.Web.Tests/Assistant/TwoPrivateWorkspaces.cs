using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Assistant;

/// <summary>
/// The scene of the assistant's access tests: two private workspaces, each read by one person, holding different
/// texts (the PCT in A, the State Council provisions in B), uploaded through the API and searchable.
/// </summary>
public sealed class TwoPrivateWorkspaces : IAsyncLifetime
{
    public const string ProvisionsFile = "prc-foreign-related-ip-disputes-provisions-2025-zh.md";
    public const string ProvisionsTitle = "国务院关于涉外知识产权纠纷处理的规定";

    /// <summary>Answered only by the State Council provisions (Article 14), which only readers of B can see.</summary>
    public const string TradeQuestion = "进口货物侵犯知识产权并危害对外贸易秩序的，国务院商务主管部门可以依照哪部法律进行调查？";

    /// <summary>Answered by the provisions' last article (in force from 1 May 2025).</summary>
    public const string InForceQuestion = "《国务院关于涉外知识产权纠纷处理的规定》自何时起施行？";

    // Kestrel: the hub tests connect a real SignalR client.
    public CooperationApp App { get; } = new(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
    public TestUser ReaderOfA { get; private set; } = null!;
    public TestUser ReaderOfB { get; private set; } = null!;
    public Guid WorkspaceA { get; private set; }
    public Guid WorkspaceB { get; private set; }
    public Guid ProvisionsInB { get; private set; }

    public async ValueTask InitializeAsync()
    {
        ReaderOfA = await App.CreateUserAsync("a@assistant.example");
        ReaderOfB = await App.CreateUserAsync("b@assistant.example");
        WorkspaceA = await ReaderOfA.Client.CreateWorkspaceAsync("PCT working group");
        WorkspaceB = await ReaderOfB.Client.CreateWorkspaceAsync("Foreign-related disputes");
        await ReaderOfA.UploadMaterialAsync(WorkspaceA, "pct-treaty-en.md", "Patent Cooperation Treaty");
        ProvisionsInB = await ReaderOfB.UploadMaterialAsync(WorkspaceB, ProvisionsFile, ProvisionsTitle);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
