using System.ComponentModel.DataAnnotations;

namespace Cooperation.Web.Programmes;

/// <summary>The "Programmes" configuration section.</summary>
public sealed class ProgrammeOptions : IValidatableObject
{
    public const string Section = "Programmes";

    /// <summary>How many sessions one recurrence rule may create.</summary>
    [Range(1, 1_000)]
    public int MaxOccurrences { get; set; } = 52;

    /// <summary>Longest date range the slot finder searches, in days.</summary>
    [Range(1, 366)]
    public int MaxSlotSearchDays { get; set; } = 62;

    /// <summary>Most slots the slot finder returns.</summary>
    [Range(1, 500)]
    public int MaxSlots { get; set; } = 20;

    /// <summary>Longest session, in hours (a multi-day conference is several sessions).</summary>
    [Range(1, 24 * 14)]
    public int MaxSessionHours { get; set; } = 24 * 7;

    public ReminderSettings Reminders { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var lead in Reminders.EffectiveLeadTimes)
        {
            if (lead <= TimeSpan.Zero || lead > TimeSpan.FromDays(30))
            {
                yield return new ValidationResult($"Programmes:Reminders:LeadTimes: {lead} is not between one minute and 30 days.");
            }
        }

        if (Reminders.PollInterval < TimeSpan.FromSeconds(1) || Reminders.PollInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Programmes:Reminders:PollInterval must be between 1 second and 1 hour.");
        }

        if (Reminders.ClaimTimeout < TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult("Programmes:Reminders:ClaimTimeout must be at least 10 seconds.");
        }
    }

    public sealed class ReminderSettings
    {
        public static readonly TimeSpan[] DefaultLeadTimes = [TimeSpan.FromDays(1), TimeSpan.FromHours(1)];

        /// <summary>Runs the reminder loop on this instance; every instance may run it, claims keep deliveries single.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>How long before a session reminders go out. Empty means one day and one hour.</summary>
        public List<TimeSpan> LeadTimes { get; set; } = [];

        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>A claim older than this whose delivery was never recorded (the instance died) may be taken over.</summary>
        public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

        // Configuration binding appends to a non-empty default list, so the defaults live here instead.
        public IReadOnlyList<TimeSpan> EffectiveLeadTimes =>
            (LeadTimes.Count > 0 ? LeadTimes.ToArray() : DefaultLeadTimes).Distinct().OrderByDescending(t => t).ToList();
    }
}
