using Cooperation.Web.Documents;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Documents;

/// <summary>One document: its metadata, versions, the extracted text of a version page by page, and the actions the role allows.</summary>
public sealed class DocumentModel(DocumentService documents, WorkspaceService workspaces, WorkspaceAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid WorkspaceId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid DocumentId { get; set; }
    [BindProperty(SupportsGet = true, Name = "version")] public int? SelectedVersion { get; set; }
    [BindProperty(SupportsGet = true, Name = "textPage")] public int PageNumber { get; set; } = 1;

    /// <summary>The section and quote of an assistant citation that linked here (see DocumentLinks).</summary>
    [BindProperty(SupportsGet = true, Name = "section")] public string? CitedSection { get; set; }
    [BindProperty(SupportsGet = true, Name = "quote")] public string? CitedQuote { get; set; }

    /// <summary>Where the cited passage lies on the page shown, when it was found there.</summary>
    public CitedPassage? Cited { get; private set; }

    public WorkspaceAccessInfo? Access { get; private set; }
    public string WorkspaceName { get; private set; } = "";
    public DocumentDetails? Details { get; private set; }
    public VersionText? Text { get; private set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

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

    public async Task<IActionResult> OnPostPurgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            Access = await WorkspaceAuthorizationFilter.AuthorizeAsync(HttpContext, WorkspaceId, WorkspaceRequirement.Manage);
            await documents.PurgeAsync(WorkspaceId, DocumentId, User.UserId(), cancellationToken);
            return Redirect(SiteLinks.Workspace(WorkspaceId));
        }
        catch (ProblemException problem) when (problem.Status != StatusCodes.Status404NotFound)
        {
            Error = problem.Message;
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }
        catch (ProblemException)
        {
            return NotFound();
        }
    }

    private Task<IActionResult> ActAsync(WorkspaceRequirement requirement, string notice, Func<Task> action, CancellationToken cancellationToken) =>
        WorkspacePageAction.RespondAsync(
            this,
            WorkspaceId,
            requirement,
            async access =>
            {
                Access = access;
                await action();
                Notice = notice;
            },
            error => Error = error,
            () => LoadAsync(cancellationToken));

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Access = await access.GetAsync(User, WorkspaceId, cancellationToken);
        if (!Access.CanRead)
        {
            return false;
        }

        try
        {
            WorkspaceName = (await workspaces.GetAsync(WorkspaceId, Access, cancellationToken)).Name;
            Details = await documents.GetAsync(WorkspaceId, DocumentId, Access, cancellationToken);
            var version = SelectedVersion is { } n && Details.Versions.Any(v => v.Number == n) ? n : Details.Document.CurrentVersion;
            SelectedVersion = version;
            PageNumber = Math.Max(1, PageNumber);
            Text = await documents.TextAsync(WorkspaceId, DocumentId, version, PageNumber, 1, Access, cancellationToken);
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
