using System.Globalization;
using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Localization;

/// <summary>
/// A sentence for people, kept as its English format and its arguments rather than as finished text, so that each
/// page can put it into its reader's language (the format is the key in Localization/zh-Hans.json). ToString is the
/// English sentence, for API responses and logs. An argument may itself be a LocalizedText.
/// </summary>
public sealed class LocalizedText(string format, params object[] arguments)
{
    public string Format { get; } = format;
    public IReadOnlyList<object> Arguments { get; } = arguments;

    public override string ToString() => Arguments.Count == 0
        ? Format
        : string.Format(CultureInfo.InvariantCulture, Format, [.. Arguments.Select(a => a is LocalizedText inner ? inner.ToString() : a)]);
}

public static class LocalizedTextExtensions
{
    /// <summary>The sentence in the current UI language (English when there is no translation).</summary>
    public static string Text(this IStringLocalizer localizer, LocalizedText text) =>
        text.Arguments.Count == 0
            ? localizer[text.Format]
            : localizer[text.Format, [.. text.Arguments.Select(a => a is LocalizedText inner ? localizer.Text(inner) : a)]];

    /// <summary>
    /// A refusal's sentence for a page, in the reader's language: by its LocalizedText when the service gave one, else
    /// by its English text as the key (a plain sentence such as a not-found one may be translated too).
    /// </summary>
    public static string Text(this IStringLocalizer localizer, ProblemException problem) =>
        problem.Text is { } text ? localizer.Text(text) : localizer[problem.Message];
}
