using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>Offices in the zones the tests need, and helpers to make workspaces, programmes and sessions through the API.</summary>
public static class ProgrammeTestData
{
    public static async Task<Dictionary<string, Office>> AddOfficesAsync(CooperationApp app)
    {
        var offices = new Dictionary<string, Office>
        {
            ["Beijing"] = new() { Name = $"CNIPA {Guid.NewGuid():N}", CountryCode = "CN", TimeZone = "Asia/Shanghai" },
            ["Almaty"] = new() { Name = $"Kazpatent {Guid.NewGuid():N}", CountryCode = "KZ", TimeZone = "Asia/Almaty" },
            ["Cairo"] = new() { Name = $"EGPO {Guid.NewGuid():N}", CountryCode = "EG", TimeZone = "Africa/Cairo", WorkingDays = WorkingDays.SundayToThursday },
            ["Santiago"] = new() { Name = $"INAPI {Guid.NewGuid():N}", CountryCode = "CL", TimeZone = "America/Santiago" },
            ["Berlin"] = new() { Name = $"DPMA {Guid.NewGuid():N}", CountryCode = "DE", TimeZone = "Europe/Berlin" },
            ["Kathmandu"] = new() { Name = $"DOI {Guid.NewGuid():N}", CountryCode = "NP", TimeZone = "Asia/Kathmandu" },
            ["Moscow"] = new() { Name = $"Rospatent {Guid.NewGuid():N}", CountryCode = "RU", TimeZone = "Europe/Moscow" },
        };
        await app.WithDbAsync(async db =>
        {
            db.Offices.AddRange(offices.Values);
            return await db.SaveChangesAsync();
        });
        return offices;
    }

    public static async Task<Guid> CreateWorkspaceAsync(TestUser coordinator, string prefix = "Programmes")
    {
        var response = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = $"{prefix} {Guid.NewGuid():N}" }, ApiJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options))!.Id;
    }

    public static async Task<ProgrammeDto> CreateProgrammeAsync(TestUser coordinator, Guid workspaceId, Office host, IEnumerable<Office> partners, string title = "Examiner exchange", ProgrammeKind kind = ProgrammeKind.ExaminerExchange)
    {
        var response = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspaceId}/programmes",
            new ProgrammeInput(title, kind, host.Id, partners.Select(p => p.Id).ToList(), "Examiners compare search practice."), ApiJson.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProgrammeDto>(ApiJson.Options))!;
    }

    public static async Task<SessionsSaved> CreateSessionAsync(TestUser coordinator, Guid workspaceId, Guid programmeId, SessionInput input)
    {
        var response = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspaceId}/programmes/{programmeId}/sessions", input, ApiJson.Options);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SessionsSaved>(ApiJson.Options))!;
    }
}
