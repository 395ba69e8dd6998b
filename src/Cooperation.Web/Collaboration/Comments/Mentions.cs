using System.Text.RegularExpressions;

namespace Cooperation.Web.Collaboration.Comments;

/// <summary>
/// Finds @mentions: "@" followed by a member's email, the part of it before "@", or their display name written
/// without spaces, matched without regard to case ("@aigerim", "@aigerim@kazpatent.example", "@LiWei").
/// </summary>
internal static partial class Mentions
{
    public sealed record Person(string UserId, string Email, string DisplayName);

    public static IReadOnlyList<string> Find(string markdown, IEnumerable<Person> members, string authorId)
    {
        var handles = Handle().Matches(markdown).Select(m => m.Groups[1].Value.TrimEnd('.', ',', ';', ':', '!', '?', ')'))
            .Where(h => h.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (handles.Count == 0)
        {
            return [];
        }

        return members
            .Where(p => p.UserId != authorId && NamesOf(p).Any(handles.Contains))
            .Select(p => p.UserId)
            .Distinct()
            .ToList();
    }

    private static IEnumerable<string> NamesOf(Person person)
    {
        yield return person.Email;
        yield return person.Email.Split('@')[0];
        if (!string.IsNullOrWhiteSpace(person.DisplayName))
        {
            yield return string.Concat(person.DisplayName.Where(c => !char.IsWhiteSpace(c)));
        }
    }

    // Not preceded by a word character, so "name@example.org" in the text is not a mention.
    [GeneratedRegex(@"(?<![\w@])@([\p{L}\p{N}._+\-]+(?:@[\p{L}\p{N}.\-]+)?)")]
    private static partial Regex Handle();
}
