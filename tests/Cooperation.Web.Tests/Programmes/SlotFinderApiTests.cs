using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Programmes;

public sealed class SlotFinderApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AHolidayImportedFromIcsTakesTheOfficeOutOfTheSlotFinder()
    {
        await using var app = new CooperationApp();
        var admin = await app.CreateUserAsync("admin@slots.example", administrator: true);
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(admin);
        var (beijing, almaty) = (offices["Beijing"], offices["Almaty"]);
        var request = new SlotRequest([beijing.Id, almaty.Id], 120, new DateOnly(2027, 3, 8), new DateOnly(2027, 3, 8));
        var url = $"/api/workspaces/{workspace}/programmes/slots";

        // Mon 8 Mar 2027: Beijing (UTC+8) works 01:00-09:00Z, Almaty (UTC+5) 04:00-12:00Z: one window, 04:00-09:00Z.
        var before = (await (await admin.Client.PostAsJsonAsync(url, request, ApiJson.Options, Ct)).Content.ReadFromJsonAsync<SlotSearchResult>(ApiJson.Options, Ct))!;
        var slot = Assert.Single(before.Slots);
        Assert.Equal((new DateTime(2027, 3, 8, 4, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 8, 9, 0, 0, DateTimeKind.Utc)), (slot.WindowStartUtc, slot.WindowEndUtc));

        // International Women's Day is a holiday in Kazakhstan; the file also repeats it to show duplicates are skipped.
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:kz-2027-03-08@example\r\nSUMMARY:International Women's Day\r\nDTSTART;VALUE=DATE:20270308\r\nDTEND;VALUE=DATE:20270309\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:kz-2027-03-08b@example\r\nSUMMARY:Again\r\nDTSTART;VALUE=DATE:20270308\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var imported = await admin.Client.PostAsync($"/api/offices/{almaty.Id}/holidays/import", new StringContent(ics, Encoding.UTF8, "text/calendar"), Ct);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Ct));
        Assert.Equal(new HolidayImportResult(1, 1), await imported.Content.ReadFromJsonAsync<HolidayImportResult>(ApiJson.Options, Ct));

        var after = (await (await admin.Client.PostAsJsonAsync(url, request, ApiJson.Options, Ct)).Content.ReadFromJsonAsync<SlotSearchResult>(ApiJson.Options, Ct))!;
        Assert.Empty(after.Slots);
        Assert.Contains($"Not at work at all in that range: {almaty.Name}", after.Explanation);
        // Almaty's local 8 Mar is 7 Mar 19:00Z - 8 Mar 19:00Z; inside the UTC day that is 00:00-19:00Z.
        Assert.Contains(after.Blocks, b => b.OfficeId == almaty.Id && b.Reason == "holiday: International Women's Day"
            && b.FromUtc == new DateTime(2027, 3, 8, 0, 0, 0, DateTimeKind.Utc) && b.ToUtc == new DateTime(2027, 3, 8, 19, 0, 0, DateTimeKind.Utc));

        // The office's holiday page lists it.
        var page = await admin.Client.GetStringAsync($"/offices/{almaty.Id}/holidays", Ct);
        Assert.Contains("International Women&#x27;s Day", page);

        // A quorum of one still finds Beijing alone.
        var alone = (await (await admin.Client.PostAsJsonAsync(url, request with { Quorum = 1 }, ApiJson.Options, Ct)).Content.ReadFromJsonAsync<SlotSearchResult>(ApiJson.Options, Ct))!;
        Assert.Equal([beijing.Name], Assert.Single(alone.Slots).Offices.Select(o => o.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/api/offices/{Guid.NewGuid()}/holidays", Ct)).StatusCode);
    }
}
