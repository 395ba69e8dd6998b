using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Documents;

/// <summary>Checks and normalises document metadata; every refusal names the field and says what is allowed.</summary>
internal static class MetadataRules
{
    public static string Title(string? title)
    {
        title = title?.Trim() ?? "";
        if (title.Length == 0)
        {
            throw ProblemException.Invalid("title", "Give the document a title.");
        }

        if (title.Length > Document.TitleMaxLength)
        {
            throw ProblemException.Invalid("title", $"A title has at most {Document.TitleMaxLength} characters.");
        }

        return title.Any(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            ? throw ProblemException.Invalid("title", "A title cannot contain control or invisible formatting characters.")
            : title;
    }

    /// <summary>A title from a file name: the name without its extension.</summary>
    public static string TitleFromFileName(string fileName)
    {
        var title = Path.GetFileNameWithoutExtension(fileName).Replace('_', ' ').Trim();
        return title.Length == 0 ? fileName : title.Length > Document.TitleMaxLength ? title[..Document.TitleMaxLength] : title;
    }

    /// <summary>The canonical form of a BCP 47 tag (zh-hans -> zh-Hans), or null for none.</summary>
    public static string? Language(string? language)
    {
        language = language?.Trim();
        if (string.IsNullOrEmpty(language))
        {
            return null;
        }

        try
        {
            if (language.Length is >= 2 and <= 35 && CultureInfo.GetCultureInfo(language, predefinedOnly: true) is { } culture && culture.Name.Length > 0)
            {
                return culture.Name;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        throw ProblemException.Invalid("language", $"'{language}' is not a language tag (for example en, fr, zh, ru, ar, es).");
    }

    public static DocumentKind Kind(DocumentKind? kind) =>
        kind is { } k && !Enum.IsDefined(k)
            ? throw ProblemException.Invalid("kind", "The kind is one of: treaty, law, regulation, guideline, agreement, minutes, presentation, other.")
            : kind ?? DocumentKind.Other;

    public static string? Country(string? code)
    {
        code = code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        return OfficeService.IsCountryCode(code)
            ? code
            : throw ProblemException.Invalid("countryCode", $"'{code}' is not an ISO 3166-1 alpha-2 country code (for example CN, KZ, EG, CL).");
    }

    /// <summary>Tags are trimmed and lower-cased so that filtering by one finds every spelling of it.</summary>
    public static string Tags(IEnumerable<string>? tags)
    {
        var clean = new List<string>();
        foreach (var raw in tags ?? [])
        {
            var tag = raw?.Trim().ToLowerInvariant() ?? "";
            if (tag.Length == 0 || clean.Contains(tag))
            {
                continue;
            }

            if (tag.Length > Document.TagMaxLength || tag.Any(c => c is '|' or ',' || char.IsControl(c)))
            {
                throw ProblemException.Invalid("tags", $"A tag has at most {Document.TagMaxLength} characters and no '|' or ','.");
            }

            clean.Add(tag);
        }

        return clean.Count > Document.MaxTags
            ? throw ProblemException.Invalid("tags", $"A document has at most {Document.MaxTags} tags.")
            : Document.JoinTags(clean);
    }

    /// <summary>Tags as a form sends them: one field, separated by commas.</summary>
    public static IReadOnlyList<string> SplitTags(string? tags) =>
        (tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The office, and its country when no country was given.</summary>
    public static async Task<(Guid? OfficeId, string? Country)> OfficeAsync(CooperationDb db, Guid? officeId, string? country, CancellationToken cancellationToken)
    {
        var code = Country(country);
        if (officeId is not { } id || id == Guid.Empty)
        {
            return (null, code);
        }

        var officeCountry = await db.Offices.Where(o => o.Id == id).Select(o => o.CountryCode).FirstOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.Invalid("officeId", "There is no office with that id.");
        return (id, code ?? officeCountry);
    }
}
