using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;

namespace Cooperation.Web.Tests.Documents;

/// <summary>A site with one workspace and a person of each role in it, plus an outsider.</summary>
public class DocumentAppFixture : IAsyncLifetime
{
    public CooperationApp App { get; private set; } = null!;
    public TestUser Coordinator { get; private set; } = null!;
    public TestUser Member { get; private set; } = null!;
    public TestUser Observer { get; private set; } = null!;
    public TestUser Outsider { get; private set; } = null!;
    public Guid WorkspaceId { get; private set; }

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual bool Kestrel => false;

    public string StorePath => Path.Combine(App.DataPath, "documents");

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["DocumentExtraction:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        App = new CooperationApp(kestrel: Kestrel, settings: settings);
        var tag = Guid.NewGuid().ToString("N")[..8];
        Coordinator = await App.CreateUserAsync($"coordinator-{tag}@documents.example");
        Member = await App.CreateUserAsync($"member-{tag}@documents.example");
        Observer = await App.CreateUserAsync($"observer-{tag}@documents.example");
        Outsider = await App.CreateUserAsync($"outsider-{tag}@documents.example");
        WorkspaceId = await Coordinator.Client.CreateWorkspaceAsync();
        await App.AddMemberAsync(WorkspaceId, Member, WorkspaceRole.Member);
        await App.AddMemberAsync(WorkspaceId, Observer, WorkspaceRole.Observer);
        await Outsider.Client.CreateWorkspaceAsync("Elsewhere");
    }

    /// <summary>Files in the file-system store, including leftovers of unfinished writes.</summary>
    public string[] StoredFiles() =>
        Directory.Exists(StorePath) ? Directory.GetFiles(StorePath, "*", SearchOption.AllDirectories) : [];

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
