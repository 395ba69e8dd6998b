namespace Cooperation.Web.Programmes;

/// <summary>English names of the enums as people read them; pages pass them through the localizer.</summary>
public static class ProgrammeLabels
{
    public static string Of(ProgrammeKind kind) => kind switch
    {
        ProgrammeKind.ExaminerExchange => "Examiner exchange",
        ProgrammeKind.WorkingGroup => "Working group",
        _ => kind.ToString(),
    };

    public static string Of(ProgrammeStatus status) => status.ToString();

    /// <summary>What a reply button does ("Accept"), where <see cref="Of(ParticipantReply)"/> names the state ("Accepted").</summary>
    public static string ActionOf(ParticipantReply reply) => reply switch
    {
        ParticipantReply.Accepted => "Accept",
        ParticipantReply.Tentative => "Maybe",
        ParticipantReply.Declined => "Decline",
        _ => Of(reply),
    };

    public static string Of(ParticipantReply reply) => reply switch
    {
        ParticipantReply.NoReply => "No reply",
        _ => reply.ToString(),
    };
}
