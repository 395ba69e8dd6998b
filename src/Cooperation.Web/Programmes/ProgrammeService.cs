using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Programmes;

public sealed record ProgrammeInput(
    string Title,
    ProgrammeKind Kind,
    Guid HostOfficeId,
    List<Guid>? PartnerOfficeIds = null,
    string? Description = null,
    List<Guid>? DocumentIds = null,
    ProgrammeStatus? Status = null);

public sealed record OfficeRef(Guid Id, string Name, string CountryCode, string TimeZone)
{
    public static OfficeRef From(Office o) => new(o.Id, o.Name, o.CountryCode, o.TimeZone);
}

public sealed record ProgrammeDto(
    Guid Id, Guid WorkspaceId, string Title, ProgrammeKind Kind, OfficeRef Host, IReadOnlyList<OfficeRef> Partners,
    string Description, IReadOnlyList<Guid> DocumentIds, ProgrammeStatus Status, DateTime CreatedAt, DateTime UpdatedAt,
    int SessionCount, DateTime? NextSessionUtc);

/// <summary>Programmes of a workspace. Shared by the API and the pages; callers have already checked the workspace role.</summary>
public sealed class ProgrammeService(CooperationDb db, TimeProvider clock, ProgrammeEvents events)
{
    public async Task<List<ProgrammeDto>> ListAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var programmes = await db.Set<Programme>().AsNoTracking().Where(p => p.WorkspaceId == workspaceId)
            .OrderBy(p => p.Title).ToListAsync(cancellationToken);
        return await ToDtosAsync(programmes, cancellationToken);
    }

    public async Task<ProgrammeDto> GetAsync(Guid workspaceId, Guid programmeId, CancellationToken cancellationToken) =>
        (await ToDtosAsync([await FindAsync(workspaceId, programmeId, cancellationToken)], cancellationToken))[0];

    public async Task<Programme> FindAsync(Guid workspaceId, Guid programmeId, CancellationToken cancellationToken) =>
        await db.Set<Programme>().FirstOrDefaultAsync(p => p.Id == programmeId && p.WorkspaceId == workspaceId, cancellationToken)
        ?? throw ProblemException.NotFound("Programme");

    public async Task<ProgrammeDto> CreateAsync(Guid workspaceId, string actorId, ProgrammeInput input, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var programme = new Programme { WorkspaceId = workspaceId, Title = "", CreatedById = actorId, CreatedAt = now, UpdatedAt = now };
        await ApplyAsync(programme, input, cancellationToken);
        db.Add(programme);
        await db.SaveChangesAsync(cancellationToken);
        await events.ChangedAsync(workspaceId, programme.Id, "programme.created", cancellationToken);
        return await GetAsync(workspaceId, programme.Id, cancellationToken);
    }

    public async Task<ProgrammeDto> UpdateAsync(Guid workspaceId, Guid programmeId, ProgrammeInput input, CancellationToken cancellationToken)
    {
        var programme = await FindAsync(workspaceId, programmeId, cancellationToken);
        var before = (programme.Title, programme.Status, programme.HostOfficeId);
        await ApplyAsync(programme, input, cancellationToken);
        programme.UpdatedAt = clock.GetUtcNow().UtcDateTime;

        // Calendar clients show the programme's title and status in every session: tell them each changed.
        if (before != (programme.Title, programme.Status, programme.HostOfficeId))
        {
            foreach (var session in await db.Set<ProgrammeSession>().Where(s => s.ProgrammeId == programmeId).ToListAsync(cancellationToken))
            {
                session.Sequence++;
                session.UpdatedAt = programme.UpdatedAt;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await events.ChangedAsync(workspaceId, programmeId, "programme.updated", cancellationToken);
        return await GetAsync(workspaceId, programmeId, cancellationToken);
    }

    private async Task ApplyAsync(Programme programme, ProgrammeInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > Programme.TitleMaxLength || title.Any(char.IsControl))
        {
            errors["title"] = [$"A programme title has 1 to {Programme.TitleMaxLength} characters and no control characters."];
        }

        if (!Enum.IsDefined(input.Kind))
        {
            errors["kind"] = ["The kind is training, seminar, examinerExchange, workingGroup or conference."];
        }

        var status = input.Status ?? programme.Status;
        if (!Enum.IsDefined(status))
        {
            errors["status"] = ["The status is draft, scheduled, cancelled or completed."];
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > Programme.DescriptionMaxLength)
        {
            errors["description"] = [$"A description has at most {Programme.DescriptionMaxLength} characters."];
        }

        var partners = (input.PartnerOfficeIds ?? []).Distinct().Where(id => id != input.HostOfficeId).ToList();
        var wanted = partners.Append(input.HostOfficeId).ToList();
        var known = await db.Offices.Where(o => wanted.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
        if (!known.Contains(input.HostOfficeId))
        {
            errors["hostOfficeId"] = ["Choose the host office from the list of partner offices (GET /api/offices)."];
        }

        var unknownPartner = partners.FirstOrDefault(id => !known.Contains(id));
        if (unknownPartner != Guid.Empty)
        {
            errors["partnerOfficeIds"] = [$"There is no office with id {unknownPartner}."];
        }

        var documents = (input.DocumentIds ?? []).Distinct().ToList();
        if (await ProgrammeDocuments.FirstInvalidAsync(db, programme.WorkspaceId, documents, cancellationToken) is { } documentProblem)
        {
            errors["documentIds"] = [documentProblem];
        }

        if (errors.Count > 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "The programme is not valid", errors.Values.First()[0], errors);
        }

        programme.Title = title;
        programme.Kind = input.Kind;
        programme.Status = status;
        programme.Description = description;
        programme.HostOfficeId = input.HostOfficeId;
        programme.PartnerOfficeIds = partners;
        programme.DocumentIds = documents;
    }

    private async Task<List<ProgrammeDto>> ToDtosAsync(List<Programme> programmes, CancellationToken cancellationToken)
    {
        var officeIds = programmes.SelectMany(p => p.OfficeIds).Distinct().ToList();
        var offices = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var ids = programmes.Select(p => p.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var stats = await db.Set<ProgrammeSession>().AsNoTracking().Where(s => ids.Contains(s.ProgrammeId))
            .GroupBy(s => s.ProgrammeId)
            .Select(g => new
            {
                g.Key,
                Count = g.Count(),
                Next = g.Where(s => s.Status == SessionStatus.Scheduled && s.EndUtc > now).Min(s => (DateTime?)s.StartUtc),
            })
            .ToDictionaryAsync(x => x.Key, cancellationToken);
        return programmes.Select(p => new ProgrammeDto(
            p.Id, p.WorkspaceId, p.Title, p.Kind, OfficeRef.From(offices[p.HostOfficeId]),
            p.PartnerOfficeIds.Where(offices.ContainsKey).Select(id => OfficeRef.From(offices[id])).ToList(),
            p.Description, p.DocumentIds, p.Status, p.CreatedAt, p.UpdatedAt,
            stats.TryGetValue(p.Id, out var s) ? s.Count : 0, stats.TryGetValue(p.Id, out var n) ? n.Next : null)).ToList();
    }
}

/// <summary>Checks the documents a programme links to: they must be live documents of the same workspace.</summary>
internal static class ProgrammeDocuments
{
    public static async Task<string?> FirstInvalidAsync(CooperationDb db, Guid workspaceId, IReadOnlyList<Guid> documentIds, CancellationToken cancellationToken)
    {
        if (documentIds.Count > Programme.MaxDocuments)
        {
            return $"A programme links to at most {Programme.MaxDocuments} documents.";
        }

        if (documentIds.Count == 0)
        {
            return null;
        }

        var found = await db.Documents.Where(d => documentIds.Contains(d.Id) && d.WorkspaceId == workspaceId && d.DeletedAt == null)
            .Select(d => d.Id).ToListAsync(cancellationToken);
        var missing = documentIds.FirstOrDefault(id => !found.Contains(id));
        return found.Count == documentIds.Count ? null : $"There is no document with id {missing} in this workspace.";
    }
}
