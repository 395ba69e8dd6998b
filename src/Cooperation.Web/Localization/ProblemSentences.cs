using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Localization;

public static class ProblemSentences
{
    /// <summary>The problem's sentence in the page's language: by its format when it has one, else by its English text.</summary>
    public static string Sentence(this IStringLocalizer text, ProblemException problem) =>
        problem.Format is { } format ? text[format, problem.Arguments!] : text[problem.Message];
}
