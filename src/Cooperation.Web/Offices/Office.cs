namespace Cooperation.Web.Offices;

/// <summary>A national IP office taking part in the cooperation. Every person belongs to one.</summary>
public sealed class Office
{
    public const int NameMaxLength = 160;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public required string CountryCode { get; set; }

    /// <summary>IANA time zone id, e.g. Asia/Shanghai.</summary>
    public required string TimeZone { get; set; }

    /// <summary>BCP 47 language tags, e.g. zh, en.</summary>
    public List<string> Languages { get; set; } = [];

    public TimeOnly WorkdayStart { get; set; } = new(9, 0);
    public TimeOnly WorkdayEnd { get; set; } = new(17, 0);
    public WorkingDays WorkingDays { get; set; } = WorkingDays.MondayToFriday;
}

[Flags]
public enum WorkingDays
{
    None = 0,
    Sunday = 1,
    Monday = 2,
    Tuesday = 4,
    Wednesday = 8,
    Thursday = 16,
    Friday = 32,
    Saturday = 64,
    MondayToFriday = Monday | Tuesday | Wednesday | Thursday | Friday,
    SundayToThursday = Sunday | Monday | Tuesday | Wednesday | Thursday,
}

public static class WorkingDaysExtensions
{
    public static bool Includes(this WorkingDays days, DayOfWeek day) => (days & day.ToWorkingDays()) != 0;

    public static WorkingDays ToWorkingDays(this DayOfWeek day) => (WorkingDays)(1 << (int)day);
}
