using System.Security.Claims;
using Cooperation.Web.Documents.Storage;
using Cooperation.Web.Documents.Upload;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Cooperation.Web.Documents;

public sealed record MakeCurrentInput(int Version);

public static class DocumentsApi
{
    private static readonly HashSet<string> UploadFields = new(["title", "language", "kind", "officeId", "countryCode", "tags"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> NoFields = new(StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder endpoints)
    {
        var documents = endpoints.MapGroup("/api/workspaces/{workspaceId:guid}/documents").WithTags("Documents").RequireWorkspace(WorkspaceRequirement.Read);

        documents.MapGet("/", async (Guid workspaceId, string? q, string? kind, string? language, string? tag, Guid? officeId, string? country,
                    string? sort, bool? descending, bool? deleted, int? skip, int? take, HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(workspaceId, new DocumentQuery(q, ParseKind(kind), language, tag, officeId, country,
                    ParseSort(sort), descending ?? (ParseSort(sort) is DocumentSort.Updated or DocumentSort.Created or DocumentSort.Size), deleted ?? false, skip ?? 0, take ?? 100),
                    http.WorkspaceAccess(), ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Lists the workspace's documents; filter by q (title or file name), kind, language, tag, officeId, country; sort by updated, created, title, kind, language or size. deleted=true lists the trash (coordinators).");

        documents.MapPost("/", async Task<Created<UploadResult>> (Guid workspaceId, HttpContext http, DocumentIntake intake, DocumentService service, CancellationToken ct) =>
            {
                var upload = await MultipartUpload.ReceiveAsync(http, workspaceId, intake, UploadFields, ct);
                DocumentMetadata metadata;
                try
                {
                    metadata = MetadataFromForm(upload.Fields);
                }
                catch
                {
                    await intake.DeleteQuietlyAsync(upload.Content.StorageKey);
                    throw;
                }

                var result = await service.CreateAsync(workspaceId, http.User.UserId(), metadata, upload.Content, ct);
                return TypedResults.Created($"/api/workspaces/{workspaceId}/documents/{result.Document.Id}", result);
            })
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .RequireRateLimiting(RateLimitPolicies.Uploads)
            .ProducesUploadProblems()
            .DisableAntiforgery()
            .WithSummary("Uploads a file as a new document: multipart/form-data with one part 'file' and optional fields title, language, kind, officeId, countryCode, tags (comma-separated).");

        var one = documents.MapGroup("/{documentId:guid}");

        one.MapGet("/", async (Guid workspaceId, Guid documentId, HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.GetAsync(workspaceId, documentId, http.WorkspaceAccess(), ct)))
            .WithSummary("The document with all its versions, newest first.");

        one.MapPatch("/", async (Guid workspaceId, Guid documentId, DocumentMetadata metadata, HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.UpdateAsync(workspaceId, documentId, http.User.UserId(), metadata, http.WorkspaceAccess(), ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .WithSummary("Changes title, language, kind, office, country or tags.");

        one.MapPost("/versions", async Task<Created<UploadResult>> (Guid workspaceId, Guid documentId, HttpContext http, DocumentIntake intake, DocumentService service, CancellationToken ct) =>
            {
                // Refuse an unknown document before reading a byte of the body.
                await service.GetAsync(workspaceId, documentId, http.WorkspaceAccess() with { Role = WorkspaceRole.Member }, ct);
                var upload = await MultipartUpload.ReceiveAsync(http, workspaceId, intake, NoFields, ct);
                var result = await service.AddVersionAsync(workspaceId, documentId, http.User.UserId(), upload.Content, ct);
                return TypedResults.Created($"/api/workspaces/{workspaceId}/documents/{documentId}/versions/{result.Version.Number}", result);
            })
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .RequireRateLimiting(RateLimitPolicies.Uploads)
            .ProducesUploadProblems()
            .DisableAntiforgery()
            .WithSummary("Uploads a new version of the document (multipart/form-data, one part 'file'); it becomes current.");

        one.MapGet("/versions", async (Guid workspaceId, Guid documentId, HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok((await service.GetAsync(workspaceId, documentId, http.WorkspaceAccess(), ct)).Versions));

        one.MapGet("/versions/{number:int}/content", async (Guid workspaceId, Guid documentId, int number, HttpContext http, DocumentService service, IDocumentStore store, CancellationToken ct) =>
            {
                var version = await service.VersionAsync(workspaceId, documentId, number, http.WorkspaceAccess(), ct);
                Stream content;
                try
                {
                    content = await store.OpenReadAsync(version.StorageKey, ct);
                }
                catch (FileNotFoundException)
                {
                    throw new ProblemException(StatusCodes.Status404NotFound, "Content missing", "The stored file of this version cannot be found. Tell an administrator.");
                }

                // Served as an attachment that browsers may not sniff or run: an uploaded HTML page must not execute on this site.
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.ContentSecurityPolicy = "sandbox";
                return TypedResults.Stream(content, version.MediaType, version.FileName, new DateTimeOffset(version.UploadedAt),
                    new EntityTagHeaderValue($"\"{version.Sha256}\""), enableRangeProcessing: true);
            })
            .WithSummary("Downloads a version. Sends an ETag (the SHA-256) and honours Range and If-None-Match, so interrupted downloads can resume.");

        one.MapGet("/versions/{number:int}/text", async (Guid workspaceId, Guid documentId, int number, int? fromPage, int? pages, HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.TextAsync(workspaceId, documentId, number, fromPage ?? 1, pages ?? 20, http.WorkspaceAccess(), ct)))
            .WithSummary("The extracted text of a version by page, or why extraction failed.");

        one.MapPost("/current", async (Guid workspaceId, Guid documentId, MakeCurrentInput input, HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.MakeCurrentAsync(workspaceId, documentId, input.Version, http.User.UserId(), http.WorkspaceAccess(), ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .WithSummary("Makes another version current again.");

        one.MapDelete("/", async (Guid workspaceId, Guid documentId, ClaimsPrincipal user, DocumentService service, CancellationToken ct) =>
            {
                await service.DeleteAsync(workspaceId, documentId, user.UserId(), ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Moves the document to the trash (restorable).");

        one.MapPost("/restore", async (Guid workspaceId, Guid documentId, ClaimsPrincipal user, DocumentService service, CancellationToken ct) =>
            {
                await service.RestoreAsync(workspaceId, documentId, user.UserId(), ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Brings a deleted document back from the trash.");

        one.MapPost("/purge", async (Guid workspaceId, Guid documentId, ClaimsPrincipal user, DocumentService service, CancellationToken ct) =>
            {
                await service.PurgeAsync(workspaceId, documentId, user.UserId(), ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Removes a deleted document and its content for good (audited).");

        return endpoints;
    }

    internal static DocumentMetadata MetadataFromForm(IReadOnlyDictionary<string, string> fields)
    {
        Guid? officeId = null;
        if (fields.TryGetValue("officeId", out var office) && !string.IsNullOrWhiteSpace(office))
        {
            officeId = Guid.TryParse(office, out var id) ? id : throw ProblemException.Invalid("officeId", "officeId is not an id.");
        }

        return new DocumentMetadata(
            fields.GetValueOrDefault("title") is { Length: > 0 } title ? title : null,
            fields.GetValueOrDefault("language"),
            ParseKind(fields.GetValueOrDefault("kind")),
            officeId,
            fields.GetValueOrDefault("countryCode"),
            fields.TryGetValue("tags", out var tags) ? MetadataRules.SplitTags(tags) : null);
    }

    /// <summary>Tags as the page's form sends them (comma-separated); an empty field clears them.</summary>
    public static IReadOnlyList<string> SplitTagsForPages(string? tags) => MetadataRules.SplitTags(tags);

    internal static DocumentKind? ParseKind(string? kind) =>
        string.IsNullOrWhiteSpace(kind) ? null
        : Enum.TryParse<DocumentKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _) ? parsed
        : throw ProblemException.Invalid("kind", "The kind is one of: treaty, law, regulation, guideline, agreement, minutes, presentation, other.");

    internal static DocumentSort ParseSort(string? sort) =>
        string.IsNullOrWhiteSpace(sort) ? DocumentSort.Updated
        : Enum.TryParse<DocumentSort>(sort, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(sort, out _) ? parsed
        : throw ProblemException.Invalid("sort", "Sort by updated, created, title, kind, language or size.");
}
