using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Documents;
using Cooperation.Web.Documents.Import;
using Cooperation.Web.Programmes;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// The demo's partner workspace: a second account (a member from the Kazakh office), two working documents
/// (SampleData/partner) and an examiner exchange hosted by CNIPA with sessions across the five demo offices, each at
/// the first time in the coming weeks when all of its offices are at work. Shows collaboration and scheduling on the
/// first sign-in. Added once: nothing is added again when the workspace or the account already exists.
/// </summary>
internal sealed class PartnerDemoSeed(UserManager<AppUser> users, SampleDocuments samples, TimeProvider clock) : IDemoSeedContributor
{
    public const string WorkspaceName = "Examiner exchange (demo)";
    public const string MemberEmail = "member@cooperation.local";
    public const string ProgrammeTitle = "Examiner exchange on search practice";

    private static readonly Dictionary<string, SampleDocuments.Filing> Filings = new(StringComparer.Ordinal)
    {
        ["examiner-exchange-terms-of-reference-en.md"] = new(DocumentKind.Agreement),
        ["search-practice-comparison-zh.md"] = new(DocumentKind.Guideline, "CN"),
    };

    /// <summary>Each session: its title, the offices (by country) taking part, its length, where, and the week it falls in.</summary>
    private static readonly (string Title, string[] Countries, int Minutes, string? Location, string? Link, int Week)[] Plan =
    [
        ("Opening and programme overview", ["CN", "KZ", "EG", "NP"], 90, null, "https://meet.example.org/examiner-exchange-opening", 1),
        ("Search practice: CNIPA and Kazakhstan", ["CN", "KZ"], 120, "CNIPA, Beijing, meeting room 3", null, 2),
        ("Utility models: Egypt and Chile", ["EG", "CL"], 60, null, "https://meet.example.org/utility-models", 2),
        ("Classification workshop", ["CN", "NP", "KZ"], 90, null, "https://meet.example.org/classification", 3),
        ("Review of the joint report", ["EG", "CL"], 60, null, "https://meet.example.org/joint-report", 4),
    ];

    // After the offices (DemoSeed) and the rules library.
    public int Order => 20;

    public async Task SeedAsync(CooperationDb db, CancellationToken cancellationToken)
    {
        var admin = await db.Users.Where(u => u.IsAdministrator).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        if (admin is null || await db.Workspaces.AnyAsync(w => w.Name == WorkspaceName, cancellationToken))
        {
            return;
        }

        var offices = await db.Offices.AsNoTracking().ToListAsync(cancellationToken);
        var byCountry = offices.GroupBy(o => o.CountryCode).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Name).First().Id);
        if (!Plan.SelectMany(s => s.Countries).All(byCountry.ContainsKey))
        {
            return;
        }

        var member = await EnsureMemberAsync(byCountry["KZ"]);
        var workspace = new Workspace
        {
            Name = WorkspaceName,
            Description = "A sample partner workspace: two working documents and an examiner exchange across the five offices. Reply to a session, find a time with the slot finder, ask the assistant about the terms of reference.",
        };
        workspace.Members.Add(new Membership { UserId = admin, Role = WorkspaceRole.Coordinator });
        if (member is not null)
        {
            workspace.Members.Add(new Membership { UserId = member, Role = WorkspaceRole.Member });
        }

        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken);

        var documents = await samples.AddMissingAsync(db, workspace.Id, admin, "partner", Filings, cancellationToken);

        // Written directly rather than through the programme services: nobody is connected yet to be told, and the
        // seed runs at every start of every test site, where the services' checks and notices cost seconds.
        var now = clock.GetUtcNow().UtcDateTime;
        var host = byCountry["CN"];
        var programme = new Programme
        {
            WorkspaceId = workspace.Id,
            Title = ProgrammeTitle,
            Kind = ProgrammeKind.ExaminerExchange,
            HostOfficeId = host,
            PartnerOfficeIds = [.. Plan.SelectMany(s => s.Countries).Distinct().Where(c => c != "CN").Select(c => byCountry[c])],
            Description = "Examiners of the five offices compare how they search the prior art and examine utility models (see the terms of reference).",
            DocumentIds = documents,
            Status = ProgrammeStatus.Scheduled,
            CreatedById = admin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(programme);

        var calendars = await ConflictFinder.CalendarsAsync(db, [.. byCountry.Values], cancellationToken);
        var zone = offices.Single(o => o.Id == host).TimeZone;
        foreach (var (session, index) in Plan.Select((s, i) => (s, i)))
        {
            // From a different day of the week each, so that the sessions do not all fall on the weekday of the first start.
            var officeIds = session.Countries.Select(c => byCountry[c]).ToList();
            var from = Instant.FromDateTimeUtc(now.Date.AddDays(7 * session.Week + index));
            var found = SlotFinder.Find([.. officeIds.Select(id => calendars[id])], new Interval(from, from + Duration.FromDays(7)),
                Duration.FromMinutes(session.Minutes), officeIds.Count, maxSlots: 1);
            if (found.Slots is not [var slot])
            {
                continue;
            }

            var planned = new ProgrammeSession
            {
                ProgrammeId = programme.Id,
                WorkspaceId = workspace.Id,
                Title = session.Title,
                StartUtc = slot.StartUtc,
                EndUtc = slot.EndUtc,
                TimeZone = zone,
                Location = session.Location,
                OnlineLink = session.Link,
                OfficeIds = officeIds,
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (index == 0 && member is not null)
            {
                // One answer already given, so the replies and the agenda are not empty.
                planned.Participants.Add(new SessionParticipant { SessionId = planned.Id, UserId = member, Reply = ParticipantReply.Accepted, RepliedAt = now });
            }

            db.Add(planned);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The demo member's id; created with a generated password, printed once like the administrator's.</summary>
    private async Task<string?> EnsureMemberAsync(Guid officeId)
    {
        if (await users.FindByEmailAsync(MemberEmail) is { } existing)
        {
            return existing.Id;
        }

        var password = AdministratorBootstrap.GeneratePassword();
        var user = new AppUser { UserName = MemberEmail, Email = MemberEmail, EmailConfirmed = true, DisplayName = "Aigerim (demo member)", OfficeId = officeId };
        if (!(await users.CreateAsync(user, password)).Succeeded)
        {
            return null;
        }

        // Printed, not logged, for the same reason as the administrator's password (DatabaseInitializer).
        Console.WriteLine($"""

            ==============================================================
             Demo member created (Cooperation:Seed:Demo)
               email:    {MemberEmail}
               password: {password}
             A member of "{WorkspaceName}"; it is not shown again.
            ==============================================================

            """);
        return user.Id;
    }
}
