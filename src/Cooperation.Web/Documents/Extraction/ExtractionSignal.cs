using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Documents.Extraction;

/// <summary>Wakes this process's extraction worker as soon as work is added here, rather than at its next poll.</summary>
public sealed class ExtractionSignal : WakeSignal;
