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

    public static string Of(ParticipantReply reply) => reply switch
    {
        ParticipantReply.NoReply => "No reply",
        _ => reply.ToString(),
    };
}
