namespace Cooperation.Web.Pages.Shared;

/// <summary>
/// A searchable time zone field (<c>_ZonePicker</c>): a text input over the IANA zones' list, which offers the
/// browser's own zone. The server still checks what is sent (<see cref="Programmes.ZoneTimes.Require"/>).
/// </summary>
public sealed record ZonePicker(string Name, string? Value, string TestId, bool Required = false, string? Placeholder = null);
