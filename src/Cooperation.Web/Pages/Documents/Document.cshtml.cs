using Cooperation.Web.Documents;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;

namespace Cooperation.Web.Pages.Documents;

/// <summary>One document: its metadata, versions, the extracted text of a version page by page, and the actions the role allows.</summary>
public sealed class DocumentModel(DocumentService documents, WorkspaceService workspaces, WorkspaceAccess access) : WorkspacePageModel(access)
{
    [BindProperty(SupportsGet = true)] public Guid DocumentId { get; set; }
    [BindProperty(SupportsGet = true, Name = "version")] public int? SelectedVersion { get; set; }
    [BindProperty(SupportsGet = true, Name = "textPage")] public int PageNumber { get; set; } = 1;

    /// <summary>The section and quote of an assistant citation that linked here (see DocumentLinks).</summary>
    [BindProperty(SupportsGet = true, Name = "section")] public string? CitedSection { get; set; }
    [BindProperty(SupportsGet = true, Name = "quote")] public string? CitedQuote { get; set; }

    /// <summary>Where the cited passage lies on the page shown, when it was found there.</summary>
    public CitedPassage? Cited { get; private set; }

    public string WorkspaceName { get; private set; } = "";
    public DocumentDetails? Details { get; private set; }
    public VersionText? Text { get; private set; }

    public bool CanContribute => Access is { Role: >= WorkspaceRole.Member, IsArchived: false };
    public bool CanManage => Access is { Role: WorkspaceRole.Coordinator, IsArchived: false };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostUpdateAsync(string title, string? language, DocumentKind kind, string? tags, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Contribute, "Saved.", () => documents.UpdateAsync(WorkspaceId, DocumentId, User.UserId(),
            new DocumentMetadata(title, language ?? "", kind, null, null, Cooperation.Web.Documents.DocumentsApi.SplitTagsForPages(tags)), Access!, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostCurrentAsync(int number, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Contribute, "That version is current now.", () => documents.MakeCurrentAsync(WorkspaceId, DocumentId, number, User.UserId(), Access!, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, "The document was moved to the trash. It can be restored.", () => documents.DeleteAsync(WorkspaceId, DocumentId, User.UserId(), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, "Restored.", () => documents.RestoreAsync(WorkspaceId, DocumentId, User.UserId(), cancellationToken), cancellationToken);

    // The document is gone for good afterwards: the workspace's page, not this one, comes next.
    public Task<IActionResult> OnPostPurgeAsync(CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, () => documents.PurgeAsync(WorkspaceId, DocumentId, User.UserId(), cancellationToken),
            () => Redirect(SiteLinks.Workspace(WorkspaceId)), cancellationToken);

    private Task<IActionResult> ActAsync(WorkspaceRequirement requirement, string notice, Func<Task> action, CancellationToken cancellationToken) =>
        ActAsync(requirement, async () =>
        {
            await action();
            Notice = notice;
        }, cancellationToken);

    protected override async Task<bool> LoadContentAsync(WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        try
        {
            WorkspaceName = (await workspaces.GetAsync(WorkspaceId, access, cancellationToken)).Name;
            Details = await documents.GetAsync(WorkspaceId, DocumentId, access, cancellationToken);
            var version = SelectedVersion is { } n && Details.Versions.Any(v => v.Number == n) ? n : Details.Document.CurrentVersion;
            SelectedVersion = version;
            PageNumber = Math.Max(1, PageNumber);
            Text = await documents.TextAsync(WorkspaceId, DocumentId, version, PageNumber, 1, access, cancellationToken);
            if (Text.Pages.Count > 0 && (CitedSection is not null || CitedQuote is not null))
            {
                Cited = CitedPassage.Find(Text.Pages[0].Text, CitedQuote, CitedSection);
            }

            return true;
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
        {
            return false;
        }
    }
}
