using System.Diagnostics;

namespace Cooperation.Knowledge;

/// <summary>Spans around retrieval and answering, for OpenTelemetry or any ActivityListener.</summary>
public static class KnowledgeTelemetry
{
    public const string SourceName = "Cooperation.Knowledge";

    public static ActivitySource Source { get; } = new(SourceName);
}
