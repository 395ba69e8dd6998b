using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Programmes;

public sealed record AgendaItem(
    SessionDto Session, Guid ProgrammeId, string ProgrammeTitle, ProgrammeKind Kind, ProgrammeStatus ProgrammeStatus,
    Guid WorkspaceId, string WorkspaceName, IReadOnlyList<OfficeRef> Offices, ParticipantReply MyReply, string Link)
{
    public string Title => string.IsNullOrWhiteSpace(Session.Title) ? ProgrammeTitle : $"{ProgrammeTitle}: {Session.Title}";
}

/// <summary>The sessions a person may see: every programme session in the workspaces they can read.</summary>
public sealed class AgendaService(CooperationDb db, WorkspaceAccess access)
{
    public async Task<List<AgendaItem>> ForPersonAsync(string userId, bool isAdministrator, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var readable = await access.ReadableWorkspaceIdsAsync(userId, isAdministrator, cancellationToken);
        return await ItemsAsync(readable, userId, fromUtc, toUtc, cancellationToken);
    }

    internal async Task<List<AgendaItem>> ItemsAsync(IReadOnlyCollection<Guid> workspaceIds, string? userId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var sessions = await db.Set<ProgrammeSession>().AsNoTracking().Include(s => s.Participants)
            .Where(s => workspaceIds.Contains(s.WorkspaceId) && s.EndUtc > fromUtc && s.StartUtc < toUtc)
            .OrderBy(s => s.StartUtc)
            .Take(1_000)
            .ToListAsync(cancellationToken);
        var programmeIds = sessions.Select(s => s.ProgrammeId).Distinct().ToList();
        var programmes = await db.Set<Programme>().AsNoTracking().Where(p => programmeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var wsIds = sessions.Select(s => s.WorkspaceId).Distinct().ToList();
        var workspaces = await db.Workspaces.AsNoTracking().Where(w => wsIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, cancellationToken);
        var officeIds = sessions.SelectMany(s => s.OfficeIds).Distinct().ToList();
        var offices = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        return sessions.Select(s =>
        {
            var programme = programmes[s.ProgrammeId];
            var reply = s.Participants.FirstOrDefault(p => p.UserId == userId)?.Reply ?? ParticipantReply.NoReply;
            return new AgendaItem(SessionDto.From(s), programme.Id, programme.Title, programme.Kind, programme.Status, s.WorkspaceId,
                workspaces.GetValueOrDefault(s.WorkspaceId, ""), s.OfficeIds.Where(offices.ContainsKey).Select(id => OfficeRef.From(offices[id])).ToList(),
                reply, SiteLinks.Programme(s.WorkspaceId, s.ProgrammeId));
        }).ToList();
    }
}
