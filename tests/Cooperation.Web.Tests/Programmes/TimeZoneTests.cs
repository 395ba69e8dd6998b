using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using NodaTime;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>
/// Working hours, the slot finder and recurrences across daylight-saving changes and odd offsets. Every expectation
/// is worked out by hand in the comments from the zones' published rules, not from the code under test.
/// </summary>
public sealed class TimeZoneTests
{
    // Offsets used below (2027):
    //   Asia/Shanghai  UTC+8 all year.            Europe/Moscow UTC+3 all year.        Asia/Kathmandu UTC+05:45.
    //   Africa/Cairo   UTC+2, UTC+3 from Fri 30 Apr 00:00 local (last Friday of April).
    //   Europe/Berlin  UTC+1, UTC+2 from Sun 28 Mar 01:00 UTC (02:00 local jumps to 03:00).
    //   America/Santiago UTC-3 until Sun 4 Apr 03:00 UTC (local Saturday 24:00 falls back to 23:00), then UTC-4.
    private static readonly Office Beijing = Office("CNIPA", "CN", "Asia/Shanghai");
    private static readonly Office Cairo = Office("Egyptian Patent Office", "EG", "Africa/Cairo", WorkingDays.SundayToThursday);
    private static readonly Office Santiago = Office("INAPI", "CL", "America/Santiago");
    private static readonly Office Berlin = Office("DPMA", "DE", "Europe/Berlin");
    private static readonly Office Moscow = Office("Rospatent", "RU", "Europe/Moscow");
    private static readonly Office Kathmandu = Office("DOI Nepal", "NP", "Asia/Kathmandu");

    private static Office Office(string name, string country, string zone, WorkingDays days = WorkingDays.MondayToFriday) =>
        new() { Name = name, CountryCode = country, TimeZone = zone, WorkingDays = days };

    private static OfficeCalendar Calendar(Office office, params OfficeHoliday[] holidays) => new(office, holidays);

    private static Interval UtcDay(int year, int month, int day) =>
        new(Instant.FromUtc(year, month, day, 0, 0), Instant.FromUtc(year, month, day, 0, 0).Plus(Duration.FromDays(1)));

    private static Instant Utc(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2027, month, day, hour, minute);

    private static SlotSearchResult Find(Interval range, int minutes, int? quorum, params OfficeCalendar[] offices) =>
        SlotFinder.Find(offices, range, Duration.FromMinutes(minutes), quorum ?? offices.Length, 20);

    [Fact]
    public void BeijingAndCairoShareTwoHoursInWinterAndThreeAfterCairoMovesToSummerTime()
    {
        // Mon 1 Mar: Beijing 09-17 +8 = 01:00-09:00Z; Cairo 09-17 +2 = 07:00-15:00Z; together 07:00-09:00Z.
        var march = Find(UtcDay(2027, 3, 1), 60, null, Calendar(Beijing), Calendar(Cairo));
        var slot = Assert.Single(march.Slots);
        Assert.Equal(Utc(3, 1, 7).ToDateTimeUtc(), slot.StartUtc);
        Assert.Equal(Utc(3, 1, 8).ToDateTimeUtc(), slot.EndUtc);
        Assert.Equal(Utc(3, 1, 9).ToDateTimeUtc(), slot.WindowEndUtc);
        // Local times shown for each office: 15:00 in Beijing, 09:00 in Cairo.
        Assert.Equal(new DateTime(2027, 3, 1, 15, 0, 0), slot.Offices.Single(o => o.Name == "CNIPA").LocalStart);
        Assert.Equal(new DateTime(2027, 3, 1, 9, 0, 0), slot.Offices.Single(o => o.Name == "Egyptian Patent Office").LocalStart);

        // A three-hour meeting does not fit on 1 March ...
        var tooLong = Find(UtcDay(2027, 3, 1), 180, null, Calendar(Beijing), Calendar(Cairo));
        Assert.Empty(tooLong.Slots);
        Assert.Contains("share at most 120 minutes", tooLong.Explanation);

        // ... but on Mon 3 May Cairo is +3: 09-17 = 06:00-14:00Z, so 06:00-09:00Z with Beijing is exactly three hours.
        var may = Find(UtcDay(2027, 5, 3), 180, null, Calendar(Beijing), Calendar(Cairo));
        var maySlot = Assert.Single(may.Slots);
        Assert.Equal(Utc(5, 3, 6).ToDateTimeUtc(), maySlot.StartUtc);
        Assert.Equal(Utc(5, 3, 9).ToDateTimeUtc(), maySlot.EndUtc);
    }

    [Fact]
    public void BerlinAndSantiagoLoseTwoHoursOfOverlapWhenTheirClocksMoveInOppositeDirections()
    {
        // Mon 1 Mar: Berlin +1 = 08:00-16:00Z, Santiago -3 = 12:00-20:00Z: window 12:00-16:00Z (4 h).
        var before = Assert.Single(Find(UtcDay(2027, 3, 1), 60, null, Calendar(Berlin), Calendar(Santiago)).Slots);
        Assert.Equal((Utc(3, 1, 12).ToDateTimeUtc(), Utc(3, 1, 16).ToDateTimeUtc()), (before.WindowStartUtc, before.WindowEndUtc));

        // Mon 5 Apr: Berlin +2 = 07:00-15:00Z, Santiago -4 = 13:00-21:00Z: window 13:00-15:00Z (2 h).
        var after = Assert.Single(Find(UtcDay(2027, 4, 5), 60, null, Calendar(Berlin), Calendar(Santiago)).Slots);
        Assert.Equal((Utc(4, 5, 13).ToDateTimeUtc(), Utc(4, 5, 15).ToDateTimeUtc()), (after.WindowStartUtc, after.WindowEndUtc));
        Assert.Empty(Find(UtcDay(2027, 4, 5), 150, null, Calendar(Berlin), Calendar(Santiago)).Slots);
    }

    [Fact]
    public void KathmandusQuarterHourOffsetGivesASlotStartingAtAQuarterPast()
    {
        // Kathmandu +05:45: 09:00-17:00 = 03:15-11:15Z. Beijing 01:00-09:00Z. Window 03:15-09:00Z.
        var slot = Assert.Single(Find(UtcDay(2027, 3, 1), 60, null, Calendar(Kathmandu), Calendar(Beijing)).Slots);
        Assert.Equal(Utc(3, 1, 3, 15).ToDateTimeUtc(), slot.StartUtc);
        Assert.Equal(Utc(3, 1, 9).ToDateTimeUtc(), slot.WindowEndUtc);
        Assert.Equal(new DateTime(2027, 3, 1, 9, 0, 0), slot.Offices.Single(o => o.Name == "DOI Nepal").LocalStart);
        Assert.Equal(new DateTime(2027, 3, 1, 11, 15, 0), slot.Offices.Single(o => o.Name == "CNIPA").LocalStart);
    }

    [Fact]
    public void MoscowWithoutDaylightSavingMeetsSantiagoAtNoonUtc()
    {
        // Moscow +3 all year: 06:00-14:00Z. Santiago -3 on 1 Mar: 12:00-20:00Z. Window 12:00-14:00Z.
        var slot = Assert.Single(Find(UtcDay(2027, 3, 1), 120, null, Calendar(Moscow), Calendar(Santiago)).Slots);
        Assert.Equal(Utc(3, 1, 12).ToDateTimeUtc(), slot.StartUtc);
        Assert.Equal(Utc(3, 1, 14).ToDateTimeUtc(), slot.EndUtc);

        // Moscow keeps +3 in July too: 06:00-14:00Z; Santiago is -4 then: 13:00-21:00Z; window 13:00-14:00Z.
        var july = Assert.Single(Find(UtcDay(2027, 7, 5), 60, null, Calendar(Moscow), Calendar(Santiago)).Slots);
        Assert.Equal(Utc(7, 5, 13).ToDateTimeUtc(), july.StartUtc);
    }

    [Fact]
    public void AQuorumOfTwoOutOfThreeFindsEachPairThatCanMeetInTimeOrder()
    {
        // 1 Mar: Beijing 01-09Z, Cairo 07-15Z, Santiago 12-20Z. Pairs at work together: Beijing+Cairo 07-09Z,
        // Cairo+Santiago 12-15Z; Beijing and Santiago never overlap. No time suits all three.
        var result = Find(UtcDay(2027, 3, 1), 60, 2, Calendar(Beijing), Calendar(Cairo), Calendar(Santiago));
        Assert.Collection(result.Slots,
            first =>
            {
                Assert.Equal(Utc(3, 1, 7).ToDateTimeUtc(), first.StartUtc);
                Assert.Equal(["CNIPA", "Egyptian Patent Office"], first.Offices.Select(o => o.Name));
                Assert.Equal(["INAPI"], first.MissingOffices);
            },
            second =>
            {
                Assert.Equal(Utc(3, 1, 12).ToDateTimeUtc(), second.StartUtc);
                Assert.Equal(Utc(3, 1, 15).ToDateTimeUtc(), second.WindowEndUtc);
                Assert.Equal(["Egyptian Patent Office", "INAPI"], second.Offices.Select(o => o.Name));
            });

        var all = Find(UtcDay(2027, 3, 1), 60, 3, Calendar(Beijing), Calendar(Cairo), Calendar(Santiago));
        Assert.Empty(all.Slots);
        Assert.Contains("CNIPA and INAPI never work at the same time", all.Explanation);
    }

    [Fact]
    public void WhenNoSlotExistsEachOfficesBlockedHoursAreListedWithTheReason()
    {
        // 1 Mar UTC, Beijing (+8, Monday 1 Mar and Tuesday 2 Mar local): at work 01:00-09:00Z only, so blocked
        // 00:00-01:00Z and 09:00-24:00Z (the evening of Monday and the night before Tuesday, both "outside hours").
        // Santiago (-3): 00:00-03:00Z is still Sunday 28 Feb local (not a working day); Monday 09-17 = 12:00-20:00Z,
        // so 03:00-12:00Z and 20:00-24:00Z are outside working hours.
        var result = Find(UtcDay(2027, 3, 1), 60, null, Calendar(Beijing), Calendar(Santiago));
        Assert.Empty(result.Slots);
        Assert.Contains("never work at the same time", result.Explanation);
        var blocks = result.Blocks.Select(b => (b.OfficeName, b.FromUtc.Hour, To: b.ToUtc == new DateTime(2027, 3, 2, 0, 0, 0, DateTimeKind.Utc) ? 24 : b.ToUtc.Hour, b.Reason)).ToList();
        Assert.Equal(
        [
            ("CNIPA", 0, 1, "outside working hours 09:00–17:00 Asia/Shanghai"),
            ("CNIPA", 9, 24, "outside working hours 09:00–17:00 Asia/Shanghai"),
            ("INAPI", 0, 3, "not a working day (Sunday)"),
            ("INAPI", 3, 12, "outside working hours 09:00–17:00 America/Santiago"),
            ("INAPI", 20, 24, "outside working hours 09:00–17:00 America/Santiago"),
        ], blocks);
    }

    [Fact]
    public void AHolidayRemovesTheOfficesWholeLocalDay()
    {
        // Beijing's holiday on Mon 1 Mar local covers 28 Feb 16:00Z - 1 Mar 16:00Z; with Cairo nothing is left that day.
        var holiday = new OfficeHoliday { OfficeId = Beijing.Id, Date = new DateOnly(2027, 3, 1), Name = "Test holiday" };
        var result = Find(UtcDay(2027, 3, 1), 60, null, Calendar(Beijing, holiday), Calendar(Cairo));
        Assert.Empty(result.Slots);
        Assert.Contains(result.Blocks, b => b.OfficeName == "CNIPA" && b.Reason == "holiday: Test holiday"
            && b.FromUtc == new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc) && b.ToUtc == new DateTime(2027, 3, 1, 16, 0, 0, DateTimeKind.Utc));
        Assert.Contains("Not at work at all in that range: CNIPA", result.Explanation);
    }

    [Fact]
    public void TheWorkingDayIsAnHourShorterWhenBerlinSkipsAnHour()
    {
        // An office working every day 01:00-05:00 local. On Sun 28 Mar 01:00 local is +1 (00:00Z) and 05:00 is +2
        // (03:00Z): three hours of real time. A start of 02:30 does not exist that day and moves to 03:30 (01:30Z).
        var office = Office("Night shift", "DE", "Europe/Berlin", (WorkingDays)127);
        office.WorkdayStart = new TimeOnly(1, 0);
        office.WorkdayEnd = new TimeOnly(5, 0);
        var interval = Calendar(office).WorkingInterval(new LocalDate(2027, 3, 28))!.Value;
        Assert.Equal(Utc(3, 28, 0), interval.Start);
        Assert.Equal(Duration.FromHours(3), interval.Duration);

        office.WorkdayStart = new TimeOnly(2, 30);
        Assert.Equal(Utc(3, 28, 1, 30), Calendar(office).WorkingInterval(new LocalDate(2027, 3, 28))!.Value.Start);
    }

    [Fact]
    public void ASessionThatCrossesMidnightInBeijingIsFlaggedOnlyForBeijing()
    {
        // 15:00-17:00Z on Mon 1 Mar: Beijing 23:00 Mon - 01:00 Tue (crosses midnight); Santiago 12:00-14:00 (inside hours);
        // Kathmandu 20:45-22:45 (same day, after hours).
        var start = Utc(3, 1, 15);
        var end = Utc(3, 1, 17);
        Assert.Contains("runs past midnight", Calendar(Beijing).OutsideWorkingHours(start, end));
        Assert.Null(Calendar(Santiago).OutsideWorkingHours(start, end));
        Assert.Equal("20:45–22:45 local time is outside working hours 09:00–17:00", Calendar(Kathmandu).OutsideWorkingHours(start, end));
    }

    [Fact]
    public void WallClockTimesAreReadInTheSessionsZone()
    {
        var berlin = ZoneTimes.Require("Europe/Berlin", "timeZone");
        var santiago = ZoneTimes.Require("America/Santiago", "timeZone");
        var cairo = ZoneTimes.Require("Africa/Cairo", "timeZone");

        // 10:00 in Berlin on 1 Mar is 09:00Z; on 1 Apr (summer time) 08:00Z.
        Assert.Equal(Utc(3, 1, 9), ZoneTimes.ParseMoment("2027-03-01T10:00", berlin, "start"));
        Assert.Equal(Utc(4, 1, 8), ZoneTimes.ParseMoment("2027-04-01T10:00", berlin, "start"));
        // An explicit instant ignores the zone.
        Assert.Equal(Utc(4, 1, 8), ZoneTimes.ParseMoment("2027-04-01T10:00+02:00", santiago, "start"));

        // 23:30 on Sat 3 Apr happens twice in Santiago (at -3, then again at -4): the first one, 02:30Z, is meant.
        Assert.Equal(Utc(4, 4, 2, 30), ZoneTimes.ParseMoment("2027-04-03T23:30", santiago, "start"));

        // Skipped wall-clock times are refused: 02:30 on 28 Mar in Berlin, 00:30 on 30 Apr in Cairo.
        var berlinGap = Assert.Throws<ProblemException>(() => ZoneTimes.ParseMoment("2027-03-28T02:30", berlin, "start"));
        Assert.Contains("does not exist in Europe/Berlin", berlinGap.Message);
        var cairoGap = Assert.Throws<ProblemException>(() => ZoneTimes.ParseMoment("2027-04-30T00:30", cairo, "start"));
        Assert.Contains("does not exist in Africa/Cairo", cairoGap.Message);
    }

    [Fact]
    public void RecurringSessionsKeepTheirWallClockTimeAcrossDaylightSavingChanges()
    {
        // Weekly on Mondays at 10:00 Berlin from 22 Mar: 09:00Z, then after the change 08:00Z on 29 Mar and 5 Apr.
        var berlin = ZoneTimes.Require("Europe/Berlin", "timeZone");
        var weekly = Recurrence.Expand(new RecurrenceInput(RecurrenceFrequency.Weekly, Count: 3), Utc(3, 22, 9), Utc(3, 22, 11), berlin, 52);
        Assert.Equal([Utc(3, 22, 9), Utc(3, 29, 8), Utc(4, 5, 8)], weekly.Select(o => o.Start));
        Assert.All(weekly, o => Assert.Equal(Duration.FromHours(2), o.End - o.Start));

        // Daily at 10:00 Santiago from Fri 2 Apr until Mon 5 Apr: 13:00Z, 13:00Z, then 14:00Z on 4 and 5 Apr (-4).
        var santiago = ZoneTimes.Require("America/Santiago", "timeZone");
        var daily = Recurrence.Expand(new RecurrenceInput(RecurrenceFrequency.Daily, Until: new DateOnly(2027, 4, 5)), Utc(4, 2, 13), Utc(4, 2, 14), santiago, 52);
        Assert.Equal([Utc(4, 2, 13), Utc(4, 3, 13), Utc(4, 4, 14), Utc(4, 5, 14)], daily.Select(o => o.Start));

        // Weekly on Tuesdays and Thursdays every second week, four sessions from Tue 2 Mar (Shanghai, no DST):
        // 2 Mar, 4 Mar, 16 Mar, 18 Mar.
        var shanghai = ZoneTimes.Require("Asia/Shanghai", "timeZone");
        var pattern = Recurrence.Expand(new RecurrenceInput(RecurrenceFrequency.Weekly, Interval: 2, Count: 4, Days: [DayOfWeek.Tuesday, DayOfWeek.Thursday]),
            Utc(3, 2, 2), Utc(3, 2, 3), shanghai, 52);
        Assert.Equal([2, 4, 16, 18], pattern.Select(o => o.Start.InUtc().Day));
    }
}
