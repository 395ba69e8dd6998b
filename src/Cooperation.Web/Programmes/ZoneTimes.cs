using System.Globalization;
using System.Text.RegularExpressions;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using NodaTime;
using NodaTime.Text;

namespace Cooperation.Web.Programmes;

/// <summary>Reading times people type (a wall-clock time in a zone, or an instant with an offset) and naming zones.</summary>
public static partial class ZoneTimes
{
    private static readonly LocalDateTimePattern MinutesPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly LocalDateTimePattern SecondsPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    public static DateTimeZone? Find(string? zoneId) =>
        string.IsNullOrWhiteSpace(zoneId) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId.Trim());

    public const string UnknownZone = "'{0}' is not an IANA time zone (for example Asia/Shanghai, Africa/Cairo, America/Santiago).";

    /// <summary>The zone, or a 400 naming the field.</summary>
    public static DateTimeZone Require(string? zoneId, string field) =>
        Find(zoneId) ?? throw ProblemException.Invalid(field, new LocalizedText(UnknownZone, zoneId ?? ""));

    /// <summary>Every zone people can choose from (Region/City), for pickers.</summary>
    public static IReadOnlyList<string> Choices { get; } = [.. DateTimeZoneProviders.Tzdb.Ids.Where(id => id.Contains('/') && !id.StartsWith("Etc/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Prepend("UTC")];

    /// <summary>
    /// "2027-03-01T10:00" is a wall-clock time in <paramref name="zone"/>; "2027-03-01T08:00Z" or "...+02:00" is an instant.
    /// A wall-clock time skipped by a daylight-saving change is refused; one that happens twice means the first.
    /// </summary>
    public static Instant ParseMoment(string? text, DateTimeZone zone, string field)
    {
        var value = text?.Trim() ?? "";
        var match = MomentShape().Match(value);
        if (!match.Success)
        {
            throw ProblemException.Invalid(field, $"'{text}' is not a date and time. Write it as 2027-03-01T10:00 (in the session's time zone) or 2027-03-01T08:00Z.");
        }

        if (match.Groups["offset"].Success)
        {
            return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
                ? Instant.FromDateTimeOffset(withOffset)
                : throw ProblemException.Invalid(field, $"'{text}' is not a valid date and time.");
        }

        var pattern = match.Groups["seconds"].Success ? SecondsPattern : MinutesPattern;
        var parsed = pattern.Parse(match.Groups["local"].Value);
        if (!parsed.Success)
        {
            throw ProblemException.Invalid(field, $"'{text}' is not a valid date and time.");
        }

        var mapping = zone.MapLocal(parsed.Value);
        return mapping.Count == 0
            ? throw ProblemException.Invalid(field, $"{parsed.Value:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks skip it for daylight saving. Choose another time.")
            : mapping.First().ToInstant();
    }

    public static DateTime ToUtc(this Instant instant) => instant.ToDateTimeUtc();

    public static Instant ToInstant(this DateTime utc) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static ZonedDateTime InZone(this DateTime utc, DateTimeZone zone) => utc.ToInstant().InZone(zone);

    /// <summary>"UTC+05:45" style label of the offset in force at that instant.</summary>
    public static string OffsetLabel(this ZonedDateTime time)
    {
        var offset = time.Offset;
        if (offset == Offset.Zero)
        {
            return "UTC";
        }

        var span = offset.ToTimeSpan();
        return $"UTC{(span < TimeSpan.Zero ? "-" : "+")}{span.Duration():hh\\:mm}";
    }

    [GeneratedRegex(@"^(?<local>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?<seconds>:\d{2})?)(?<fraction>\.\d{1,7})?(?<offset>Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex MomentShape();
}
