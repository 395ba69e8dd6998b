using System.Runtime.CompilerServices;
using System.Security.Claims;
using Cooperation.Knowledge;
using Cooperation.Knowledge.Answering;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Assistant;

public sealed record AskInput(string? Question, List<Guid>? WorkspaceIds);

/// <param name="WorkspaceName">Which workspace the quote comes from: a public workspace's documents answer everyone.</param>
public sealed record CitationDto(Guid WorkspaceId, string WorkspaceName, Guid DocumentId, string Title, int Version, string Section, int? Page, string Quote, string Url);

public sealed record SectionDto(Guid DocumentId, string WorkspaceName, string Title, int Version, string Section, int? Page, string Url);

public sealed record AskResult(string Answer, bool Declined, IReadOnlyList<CitationDto> Citations, IReadOnlyList<SectionDto> NearestSections, long LatencyMs);

/// <summary>
/// A piece of a streamed answer: text as it is produced, then exactly one <see cref="Final"/> with the verified
/// answer, whose text supersedes what was streamed before it.
/// </summary>
public sealed record AssistantPart(string? TextDelta, AskResult? Final);

/// <summary>
/// The one front door to the rules assistant for every surface (site, hub, REST API, CLI, Teams bot). It checks the
/// question against <see cref="AssistantOptions.MaxQuestionLength"/> and puts the asker's access around the
/// assistant: it only ever searches workspaces the person may read, whatever the question says. Every answer it hands
/// out names the workspace of each quote.
/// </summary>
public sealed class AssistantService(IRulesAssistant assistant, WorkspaceAccess access, CooperationDb db, IOptions<AssistantOptions> options)
{
    public int MaxQuestionLength => options.Value.MaxQuestionLength;

    public async Task<AskResult> AskAsync(ClaimsPrincipal user, AskInput input, CancellationToken cancellationToken)
    {
        var question = Validate(input.Question);
        var readable = await access.ReadableWorkspaceIdsAsync(user, cancellationToken);
        var scope = Narrow(readable, input.WorkspaceIds);
        return await ToResultAsync(await assistant.AskAsync(new AskRequest(question, scope), cancellationToken), cancellationToken);
    }

    /// <summary>Asks with an explicit set of readable workspaces (the CLI).</summary>
    public async Task<AskResult> AskWithinAsync(IReadOnlyCollection<Guid> readableWorkspaceIds, string? question, CancellationToken cancellationToken) =>
        await ToResultAsync(await assistant.AskAsync(new AskRequest(Validate(question), readableWorkspaceIds), cancellationToken), cancellationToken);

    /// <summary>
    /// Answers within an explicit set of readable workspaces for a chat (the Teams bot), which has no error channel:
    /// a question refused here comes back as a declined answer whose text is the refusal.
    /// </summary>
    public async Task<AssistantAnswer> AnswerInChatAsync(IReadOnlyCollection<Guid> readableWorkspaceIds, string? question, CancellationToken cancellationToken)
    {
        var (checkedQuestion, refusal) = Check(question);
        if (refusal is not null)
        {
            return new AssistantAnswer(refusal, Declined: true, [], [], TimeSpan.Zero);
        }

        var answer = await assistant.AskAsync(new AskRequest(checkedQuestion, readableWorkspaceIds), cancellationToken);
        var names = await WorkspaceNamesAsync(answer, cancellationToken);
        return answer with { Citations = answer.Citations.Select(c => c with { WorkspaceName = names.GetValueOrDefault(c.WorkspaceId) }).ToList() };
    }

    /// <summary>
    /// Streams an answer from one workspace whose read access the caller has just checked (the hub). The question is
    /// validated before anything streams, so bad input fails the call with a clear message instead of a broken stream.
    /// </summary>
    public IAsyncEnumerable<AssistantPart> AskStreaming(WorkspaceAccessInfo workspace, string? question, CancellationToken cancellationToken)
    {
        if (!workspace.CanRead)
        {
            throw ProblemException.NotFound("Workspace");
        }

        return StreamAsync(new AskRequest(Validate(question), [workspace.WorkspaceId]), cancellationToken);
    }

    private async IAsyncEnumerable<AssistantPart> StreamAsync(AskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in assistant.AskStreamingAsync(request, cancellationToken))
        {
            yield return update.Final is { } final ? new AssistantPart(null, await ToResultAsync(final, cancellationToken)) : new AssistantPart(update.TextDelta, null);
        }
    }

    private string Validate(string? question)
    {
        var (checkedQuestion, refusal) = Check(question);
        return refusal is null ? checkedQuestion : throw ProblemException.Invalid("question", refusal);
    }

    /// <summary>The trimmed question, or the sentence that refuses it.</summary>
    private (string Question, string? Refusal) Check(string? question)
    {
        question = question?.Trim() ?? "";
        var limit = MaxQuestionLength;
        if (question.Length == 0)
        {
            return (question, "Ask a question, for example: How long is the priority period for a patent under the Paris Convention?");
        }

        return question.Length > limit
            ? (question, $"The question has {question.Length:N0} characters; ask in at most {limit:N0}.")
            : (question, null);
    }

    // Asking about workspaces one cannot read gets the same answer as asking about ones that do not exist.
    private static List<Guid> Narrow(List<Guid> readable, List<Guid>? requested)
    {
        if (requested is not { Count: > 0 })
        {
            return readable;
        }

        var unknown = requested.Except(readable).ToList();
        return unknown.Count > 0 ? throw ProblemException.NotFound("Workspace") : requested.Distinct().ToList();
    }

    private async Task<AskResult> ToResultAsync(AssistantAnswer answer, CancellationToken cancellationToken)
    {
        var names = await WorkspaceNamesAsync(answer, cancellationToken);
        return new AskResult(
            answer.Text,
            answer.Declined,
            answer.Citations.Select(c => new CitationDto(c.WorkspaceId, names.GetValueOrDefault(c.WorkspaceId, ""), c.DocumentId, c.Title, c.Version, c.Section, c.Page, c.Quote,
                DocumentLinks.Section(c.WorkspaceId, c.DocumentId, c.Version, c.Section, c.Page, c.Quote))).ToList(),
            answer.NearestSections.Select(s => new SectionDto(s.DocumentId, names.GetValueOrDefault(s.WorkspaceId, ""), s.Title, s.Version, s.Section, s.Page,
                DocumentLinks.Section(s.WorkspaceId, s.DocumentId, s.Version, s.Section, s.Page))).ToList(),
            (long)answer.Latency.TotalMilliseconds);
    }

    // The index holds workspace ids only; the names are the site's.
    private async Task<Dictionary<Guid, string>> WorkspaceNamesAsync(AssistantAnswer answer, CancellationToken cancellationToken)
    {
        var ids = answer.Citations.Select(c => c.WorkspaceId).Concat(answer.NearestSections.Select(s => s.WorkspaceId)).Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Workspaces.AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, cancellationToken);
    }
}

/// <summary>
/// Links into the document preview, used wherever the assistant cites something. The preview shows one page of text
/// at a time, so the link names the page; the preview marks the quote (or else the section's heading) on that page
/// and gives the mark the id <see cref="Fragment"/>, which the link's fragment scrolls to.
/// </summary>
public static class DocumentLinks
{
    public const string Fragment = "cited";

    // Enough of the quote to find it on the page again, while keeping links short enough for chat clients.
    public const int QuoteInLink = 160;

    public static string Section(Guid workspaceId, Guid documentId, int version, string section, int? page = null, string? quote = null)
    {
        var query = $"version={version}";
        if (page is > 1)
        {
            query += $"&textPage={page}";
        }

        query += $"&section={Uri.EscapeDataString(section)}";
        if (!string.IsNullOrWhiteSpace(quote))
        {
            query += $"&quote={Uri.EscapeDataString(TextCut.Prefix(quote.Trim(), QuoteInLink))}";
        }

        return $"{SiteLinks.Document(workspaceId, documentId)}?{query}#{Fragment}";
    }
}
