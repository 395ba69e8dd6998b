using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cooperation.Bot.Protocol;
using Cooperation.Knowledge;

namespace Cooperation.Bot.Conversations;

/// <summary>
/// Turns an assistant answer into a Teams message: the AI-generated label, numbered citations the
/// client shows as [1] [2], feedback buttons, and an Adaptive Card listing the cited sections with links.
/// </summary>
internal static partial class AnswerMessage
{
    internal const int MaxCitations = 20;
    private const int MaxCitationName = 80;
    private const int MaxCitationAbstract = 160;
    private const int MaxCardQuote = 300;

    public static Activity Build(Activity inbound, AssistantAnswer answer, Func<Citation, Uri?> linkFor)
    {
        var citations = answer.Declined ? [] : answer.Citations.Take(MaxCitations).ToList();
        var links = citations.Select(linkFor).ToList();

        var reply = Replies.Text(inbound, WithMarkers(answer.Text, citations.Count));
        reply.Entities = [AiEntity(citations, links)];
        reply.ChannelData = new JsonObject { ["feedbackLoop"] = new JsonObject { ["type"] = "default" } };
        if (citations.Count > 0)
        {
            reply.Attachments = [new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = SourcesCard(citations, links) }];
        }

        return reply;
    }

    // Teams only links the citations the text refers to; add markers the answerer did not write.
    private static string WithMarkers(string text, int count)
    {
        var present = MarkerPattern().Matches(text).Select(match => int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var missing = Enumerable.Range(1, count).Where(position => !present.Contains(position)).ToList();
        return missing.Count == 0 ? text : $"{text.TrimEnd()} {string.Join(' ', missing.Select(position => $"[{position}]"))}";
    }

    private static JsonObject AiEntity(IReadOnlyList<Citation> citations, IReadOnlyList<Uri?> links)
    {
        var entity = new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = string.Empty,
            ["additionalType"] = new JsonArray("AIGeneratedContent"),
        };
        if (citations.Count == 0)
        {
            return entity;
        }

        var claims = new JsonArray();
        for (var index = 0; index < citations.Count; index++)
        {
            var citation = citations[index];
            var appearance = new JsonObject
            {
                ["@type"] = "DigitalDocument",
                ["name"] = Name(citation),
                ["abstract"] = Shorten(citation.Quote, MaxCitationAbstract),
                ["keywords"] = Keywords(citation),
            };
            if (links[index] is { } link)
            {
                appearance["url"] = link.AbsoluteUri;
            }

            claims.Add(new JsonObject { ["@type"] = "Claim", ["position"] = index + 1, ["appearance"] = appearance });
        }

        entity["citation"] = claims;
        return entity;
    }

    private static JsonArray Keywords(Citation citation)
    {
        var keywords = new JsonArray(Shorten(citation.Section, 40), $"version {citation.Version}");
        if (citation.Page is { } page)
        {
            keywords.Add($"page {page}");
        }

        return keywords;
    }

    private static JsonObject SourcesCard(IReadOnlyList<Citation> citations, IReadOnlyList<Uri?> links)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = "Sources", ["weight"] = "Bolder", ["wrap"] = true },
        };
        for (var index = 0; index < citations.Count; index++)
        {
            var label = EscapeMarkdownLink(Describe(citations[index]));
            var line = links[index] is { } link ? $"[{index + 1}] [{label}]({link.AbsoluteUri})" : $"[{index + 1}] {label}";
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = line, ["wrap"] = true });
            body.Add(new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = $"\u201C{Shorten(citations[index].Quote, MaxCardQuote)}\u201D",
                ["isSubtle"] = true,
                ["wrap"] = true,
                ["spacing"] = "None",
            });
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
        };
    }

    private static string Describe(Citation citation) => Place(citation) + FromWorkspace(citation, int.MaxValue);

    // The workspace stays readable in a short name: the document's part is cut first.
    private static string Name(Citation citation)
    {
        var from = FromWorkspace(citation, MaxCitationName / 3);
        return Shorten(Place(citation), MaxCitationName - from.Length) + from;
    }

    private static string Place(Citation citation)
    {
        var text = new StringBuilder(citation.Title);
        if (!string.IsNullOrWhiteSpace(citation.Section))
        {
            text.Append(", ").Append(citation.Section);
        }

        if (citation.Page is { } page)
        {
            text.Append(" (p. ").Append(page).Append(')');
        }

        return text.ToString();
    }

    // Whose material a quote is: a public workspace's documents answer everyone, so the reader sees which one.
    private static string FromWorkspace(Citation citation, int maxName) =>
        string.IsNullOrWhiteSpace(citation.WorkspaceName) ? "" : $", from workspace \u201C{Shorten(citation.WorkspaceName, maxName)}\u201D";

    private static string EscapeMarkdownLink(string text) => text.Replace('[', '(').Replace(']', ')');

    internal static string Shorten(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1).TrimEnd(), "\u2026");
    }

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex MarkerPattern();
}
