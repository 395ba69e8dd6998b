using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Localization;

/// <summary>Marker type for the site's UI strings: <c>IStringLocalizer&lt;Ui&gt;</c>.</summary>
public sealed class Ui;

/// <summary>
/// UI text is written in English in the code and looked up by that English text in one JSON file per
/// language (Localization/zh-Hans.json). A missing translation falls back to the English text.
/// </summary>
internal sealed class JsonStringLocalizerFactory : IStringLocalizerFactory
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _translations = Load();

    public IStringLocalizer Create(Type resourceSource) => new JsonStringLocalizer(_translations);

    public IStringLocalizer Create(string baseName, string location) => new JsonStringLocalizer(_translations);

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        var assembly = typeof(JsonStringLocalizerFactory).Assembly;
        var result = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal) && n.Contains(".Localization.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
            var culture = name[(name.IndexOf(".Localization.", StringComparison.Ordinal) + ".Localization.".Length)..^".json".Length];
            result[culture] = entries.ToFrozenDictionary();
        }

        return result.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}

internal sealed class JsonStringLocalizer(FrozenDictionary<string, FrozenDictionary<string, string>> translations) : IStringLocalizer
{
    public LocalizedString this[string name] => Translate(name, null);

    public LocalizedString this[string name, params object[] arguments] => Translate(name, arguments);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        Table(CultureInfo.CurrentUICulture) is { } table ? table.Select(p => new LocalizedString(p.Key, p.Value)) : [];

    private LocalizedString Translate(string name, object[]? arguments)
    {
        var table = Table(CultureInfo.CurrentUICulture);
        var found = table is not null && table.TryGetValue(name, out var text);
        var value = found ? table![name] : name;
        if (arguments is { Length: > 0 })
        {
            value = string.Format(CultureInfo.CurrentCulture, value, arguments);
        }

        return new LocalizedString(name, value, resourceNotFound: !found);
    }

    private FrozenDictionary<string, string>? Table(CultureInfo culture)
    {
        for (var c = culture; !Equals(c, CultureInfo.InvariantCulture); c = c.Parent)
        {
            if (translations.TryGetValue(c.Name, out var table))
            {
                return table;
            }
        }

        return null;
    }
}
