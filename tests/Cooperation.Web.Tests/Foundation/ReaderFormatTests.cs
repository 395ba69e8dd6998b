using System.Globalization;
using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Workspaces;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>Dates, plurals, working days and audit sentences as each language reads them, with the site's own translations.</summary>
public sealed class ReaderFormatTests
{
    private static readonly IStringLocalizer Text = new JsonStringLocalizerFactory().Create(typeof(Ui));

    // Monday 11 January 2027, 01:00 UTC: 09:00 in Beijing.
    private static readonly DateTime Monday = new(2027, 1, 11, 1, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("en", 1, "1 member")]
    [InlineData("en", 3, "3 members")]
    [InlineData("en", 0, "0 members")]
    [InlineData("en", 1234, "1,234 members")]
    [InlineData("zh-Hans", 1, "1 名成员")]
    [InlineData("zh-Hans", 3, "3 名成员")]
    public void CountsReadAsTheLanguageWritesThem(string culture, int count, string expected)
    {
        using var _ = new CultureScope(culture);
        Assert.Equal(expected, Text.Quantity(count, "member"));
    }

    [Theory]
    [InlineData("en", "session", 1, "1 session")]
    [InlineData("en", "session", 2, "2 sessions")]
    [InlineData("en", "place", 12, "12 places")]
    [InlineData("en", "dislike", 1, "1 dislike")]
    [InlineData("zh-Hans", "session", 2, "2 个会议")]
    [InlineData("zh-Hans", "place", 12, "12 个名额")]
    [InlineData("zh-Hans", "like", 0, "0 个赞")]
    [InlineData("zh-Hans", "dislike", 1, "1 个踩")]
    public void EveryNounThePagesCountReadsInThePagesLanguage(string culture, string noun, int count, string expected)
    {
        using var _ = new CultureScope(culture);
        Assert.Equal(expected, Text.Quantity(count, noun));
    }

    [Fact]
    public void AnEnglishNounWithoutATranslationStillGetsItsEnglishPlural()
    {
        using var _ = new CultureScope("zh-Hans");
        // No "{0} widgets" in zh-Hans.json: Humanizer's English is better than "1 widgets".
        Assert.Equal("1 widget", Text.Quantity(1, "widget"));
        Assert.Equal("2 widgets", Text.Quantity(2, "widget"));
    }

    [Theory]
    [InlineData("en", "Mon 11 Jan 2027 09:00–10:30 (UTC+08:00)", "Mon 11 Jan 2027")]
    [InlineData("zh-Hans", "2027年1月11日 周一 09:00–10:30 (UTC+08:00)", "2027年1月11日 周一")]
    public void DatesReadInTheReadersLanguageAndZone(string culture, string range, string date)
    {
        using var _ = new CultureScope(culture);
        var display = new TimeDisplay(DateTimeZoneProviders.Tzdb["Asia/Shanghai"], Monday, CultureInfo.CurrentCulture, Text);
        Assert.Equal(range, display.ViewerRange(Monday, Monday.AddMinutes(90)));
        Assert.Equal(date, display.DateText(Monday));
        // The day of the viewer, not of UTC: 23:30 UTC on Sunday is already Monday in Beijing.
        Assert.Equal(date, display.DateText(Monday.AddHours(-1.5)));
    }

    [Theory]
    [InlineData("Asia/Kathmandu", "en", "Mon 11 Jan 2027 06:45–08:15 (UTC+05:45)")]
    [InlineData("Asia/Kathmandu", "zh-Hans", "2027年1月11日 周一 06:45–08:15 (UTC+05:45)")]
    // Santiago keeps summer time in January: three hours behind UTC, so 01:00 UTC on Monday is still Sunday evening there.
    [InlineData("America/Santiago", "en", "Sun 10 Jan 2027 22:00–23:30 (UTC-03:00)")]
    [InlineData("America/Santiago", "zh-Hans", "2027年1月10日 周日 22:00–23:30 (UTC-03:00)")]
    [InlineData("Africa/Cairo", "en", "Mon 11 Jan 2027 03:00–04:30 (UTC+02:00)")]
    [InlineData("Etc/UTC", "zh-Hans", "2027年1月11日 周一 01:00–02:30 (UTC)")]
    public void TheSameMomentReadsInEachOfficesZoneWithItsOffset(string zone, string culture, string expected)
    {
        using var _ = new CultureScope(culture);
        var display = new TimeDisplay(DateTimeZoneProviders.Tzdb[zone], Monday, CultureInfo.CurrentCulture, Text);
        Assert.Equal(expected, display.ViewerRange(Monday, Monday.AddMinutes(90)));
    }

    [Theory]
    [InlineData("en", "Mon 11 Jan 2027 23:00–12 Jan 01:00 (UTC+08:00)")]
    [InlineData("zh-Hans", "2027年1月11日 周一 23:00–1月12日 01:00 (UTC+08:00)")]
    public void ARangeIntoTheNextDayNamesThatDay(string culture, string expected)
    {
        using var _ = new CultureScope(culture);
        var display = new TimeDisplay(DateTimeZoneProviders.Tzdb["Asia/Shanghai"], Monday, CultureInfo.CurrentCulture, Text);
        Assert.Equal(expected, display.ViewerRange(Monday.AddHours(14), Monday.AddHours(16)));
    }

    [Theory]
    [InlineData("en", 3, "in 3 days")]
    [InlineData("en", -2, "2 days ago")]
    [InlineData("zh-Hans", 3, "3 天后")]
    [InlineData("zh-Hans", -2, "2 天前")]
    public void RelativeTimesComeFromHumanizerInThePagesLanguage(string culture, int days, string expected)
    {
        using var _ = new CultureScope(culture);
        var display = new TimeDisplay(DateTimeZone.Utc, Monday, CultureInfo.CurrentCulture, Text);
        Assert.Equal(expected, display.Relative(Monday.AddDays(days)));
    }

    [Fact]
    public void TheMonthHeadingIsWrittenTheChineseWay()
    {
        var zh = CultureInfo.GetCultureInfo("zh-Hans");
        Assert.Equal("2027年1月", new LocalDate(2027, 1, 1).ToString(DateFormats.MonthYear(zh), zh));
        Assert.Equal("January 2027", new LocalDate(2027, 1, 1).ToString(DateFormats.MonthYear(CultureInfo.GetCultureInfo("en")), CultureInfo.GetCultureInfo("en")));
    }

    [Theory]
    [InlineData(WorkingDays.MondayToFriday, "en", "Mon–Fri")]
    [InlineData(WorkingDays.MondayToFriday, "zh-Hans", "周一至周五")]
    [InlineData(WorkingDays.SundayToThursday, "en", "Sun–Thu")]
    [InlineData(WorkingDays.SundayToThursday | WorkingDays.Friday, "en", "Sun–Fri")]
    [InlineData(WorkingDays.Monday | WorkingDays.Wednesday | WorkingDays.Friday, "en", "Mon, Wed, Fri")]
    [InlineData(WorkingDays.Monday | WorkingDays.Wednesday | WorkingDays.Friday, "zh-Hans", "周一、周三、周五")]
    [InlineData(WorkingDays.Saturday | WorkingDays.Sunday | WorkingDays.Monday | WorkingDays.Tuesday, "en", "Sat–Tue")]
    [InlineData(WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Thursday, "en", "Mon, Tue, Thu")]
    [InlineData((WorkingDays)127, "en", "Sun–Sat")]
    public void WorkingDaysReadAsRunsOfDays(WorkingDays days, string culture, string expected) =>
        Assert.Equal(expected, days.Describe(CultureInfo.GetCultureInfo(culture)));

    [Theory]
    [InlineData("member.invited", "aigerim@kazpatent.example as Observer", "en", "invited aigerim@kazpatent.example as Observer")]
    [InlineData("member.invited", "aigerim@kazpatent.example as Observer", "zh-Hans", "邀请了 aigerim@kazpatent.example，身份为观察员")]
    [InlineData("member.role-changed", "li@cnipa.example: Member -> Coordinator", "zh-Hans", "将 li@cnipa.example 的身份从成员改为协调员")]
    [InlineData("document.deleted", "PCT Rules 2027", "en", "moved “PCT Rules 2027” to the trash")]
    [InlineData("document.deleted", "PCT Rules 2027", "zh-Hans", "将“PCT Rules 2027”移到了回收站")]
    [InlineData("document.version-made-current", "PCT Rules: version 3 -> 2", "en", "made version 2 of “PCT Rules” the current one (it was version 3)")]
    [InlineData("document.purged", "Old minutes (2 version(s))", "en", "removed “Old minutes” and all its versions for good")]
    [InlineData("workspace.renamed", "Exchange -> Exchange 2027", "en", "renamed the workspace from “Exchange” to “Exchange 2027”")]
    [InlineData("workspace.made-public", "", "en", "made the workspace readable by everyone signed in")]
    [InlineData("something.new", "details", "en", "something.new: details")]
    public void AuditEntriesReadAsSentences(string action, string details, string culture, string expected)
    {
        using var _ = new CultureScope(culture);
        Assert.Equal(expected, Text.Text(AuditSentences.Describe(action, details)));
    }

    [Fact]
    public void AWarningKeepsItsEnglishForTheApiAndTranslatesWithItsNestedReasonForPages()
    {
        var reason = new LocalizedText("not a working day ({0:dddd})", new DateOnly(2027, 1, 16));
        var warning = new LocalizedText("{0}: {1}.", "CNIPA", reason);
        Assert.Equal("CNIPA: not a working day (Saturday).", warning.ToString());
        using var _ = new CultureScope("zh-Hans");
        Assert.Equal("CNIPA：不是工作日（星期六）。", Text.Text(warning));
    }

    /// <summary>The page's culture for the length of a test (request localization sets both on a real request).</summary>
    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public CultureScope(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
    }
}
