using System.Collections.Concurrent;
using Cooperation.Bot.Protocol;
using Cooperation.Knowledge;

namespace Cooperation.Bot.Tests.Infrastructure;

/// <summary>
/// Stands in for the site behind the bot: a few documents in public and private workspaces, hub accounts
/// that Teams users link to with a one-time code, and a small word-overlap search limited to what the
/// asker may read.
/// </summary>
public sealed class TestBackend : ITeamsBotBackend
{
    public static readonly Guid PublicWorkspace = Guid.Parse("11111111-1111-1111-1111-111111111111");
    public static readonly Guid PrivateWorkspace = Guid.Parse("22222222-2222-2222-2222-222222222222");

    private readonly List<Section> _sections =
    [
        new(PublicWorkspace, Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), "Paris Convention", "Article 4C", 3,
            "The periods of priority shall be twelve months for patents and utility models, and six months for industrial designs and trademarks."),
        new(PublicWorkspace, Guid.Parse("aaaaaaaa-0000-0000-0000-000000000002"), "Paris Convention", "Article 4A", 2,
            "Any person who has duly filed an application for a patent in one of the countries of the Union shall enjoy a right of priority."),
        new(PrivateWorkspace, Guid.Parse("bbbbbbbb-0000-0000-0000-000000000001"), "Examiner exchange memorandum", "Clause 7", 1,
            "Visiting examiners receive a monthly stipend of 2400 euros during the examiner exchange."),
    ];

    private readonly ConcurrentDictionary<string, (string AadObjectId, DateTimeOffset Expires)> _codes = new();
    private readonly ConcurrentDictionary<string, IReadOnlySet<Guid>> _linkedAccounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _blocked = new();
    private readonly List<(TeamsUser User, string Question)> _questions = [];
    private readonly List<ConversationReference> _references = [];
    private readonly List<BotFeedback> _feedback = [];

    public Exception? AskFailure { get; set; }

    /// <summary>When set, questions wait for it before they are answered (a slow language model).</summary>
    public TaskCompletionSource? AskGate { get; set; }

    public IReadOnlyList<(TeamsUser User, string Question)> Questions => Snapshot(_questions);

    public IReadOnlyList<ConversationReference> References => Snapshot(_references);

    public IReadOnlyList<BotFeedback> Feedback => Snapshot(_feedback);

    public bool IsBlocked(string conversationId) => _blocked.TryGetValue(conversationId, out var blocked) && blocked;

    public static Uri LinkFor(Guid documentId, string section) =>
        new($"https://hub.example.org/documents/{documentId}#{Uri.EscapeDataString(section)}");

    /// <summary>What the site does when a signed-in person enters the code: ties the Teams user to the account.</summary>
    public bool RedeemLinkCode(string code, IReadOnlySet<Guid> accountWorkspaces)
    {
        if (!_codes.TryRemove(code, out var pending) || pending.Expires < DateTimeOffset.UtcNow)
        {
            return false;
        }

        _linkedAccounts[pending.AadObjectId] = accountWorkspaces;
        return true;
    }

    public async Task<AssistantAnswer> AskAsync(TeamsUser user, string question, CancellationToken cancellationToken)
    {
        if (AskGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return await Answer(user, question);
    }

    private Task<AssistantAnswer> Answer(TeamsUser user, string question)
    {
        lock (_questions)
        {
            _questions.Add((user, question));
        }

        if (AskFailure is { } failure)
        {
            throw failure;
        }

        var readable = new HashSet<Guid> { PublicWorkspace };
        if (user.AadObjectId is { } aad && _linkedAccounts.TryGetValue(aad, out var linked))
        {
            readable.UnionWith(linked);
        }

        var questionWords = Words(question);
        var found = _sections
            .Where(section => readable.Contains(section.Workspace))
            .Select(section => (Section: section, Overlap: Words(section.Text).Intersect(questionWords).Count()))
            .Where(match => match.Overlap >= 2)
            .OrderByDescending(match => match.Overlap)
            .Take(2)
            .Select(match => match.Section)
            .ToList();
        if (found.Count == 0)
        {
            return Task.FromResult(new AssistantAnswer("The materials you can read do not answer this question.", true, [], [], TimeSpan.Zero));
        }

        var citations = found.Select(section => new Citation(section.Workspace, section.Document, section.Title, 1, section.Name, section.Page, section.Text)).ToList();
        var text = string.Join(" ", found.Select((section, index) => $"{section.Text} [{index + 1}]"));
        return Task.FromResult(new AssistantAnswer(text, false, citations, [], TimeSpan.Zero));
    }

    public Uri? GetCitationLink(Citation citation) => LinkFor(citation.DocumentId, citation.Section);

    public Task<LinkCode> CreateLinkCodeAsync(TeamsUser user, CancellationToken cancellationToken)
    {
        var code = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..8];
        var expires = DateTimeOffset.UtcNow.AddMinutes(10);
        _codes[code] = (user.AadObjectId ?? user.Id, expires);
        return Task.FromResult(new LinkCode(code, new Uri("https://hub.example.org/account/teams"), expires));
    }

    public Task SaveConversationReferenceAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        lock (_references)
        {
            _references.Add(reference);
        }

        _blocked[reference.Conversation.Id!] = false;
        return Task.CompletedTask;
    }

    public Task MarkConversationBlockedAsync(string conversationId, CancellationToken cancellationToken)
    {
        _blocked[conversationId] = true;
        return Task.CompletedTask;
    }

    public Task<bool> IsConversationBlockedAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(IsBlocked(conversationId));

    public Task SaveFeedbackAsync(BotFeedback feedback, CancellationToken cancellationToken)
    {
        lock (_feedback)
        {
            _feedback.Add(feedback);
        }

        return Task.CompletedTask;
    }

    public Task<string> DescribeProgrammesAsync(TeamsUser user, CancellationToken cancellationToken) =>
        Task.FromResult($"No programme sessions are scheduled for {user.Name ?? "you"} yet.");

    private static HashSet<string> Words(string text) =>
        text.Split([' ', ',', '.', '?', '!', ';', ':'], StringSplitOptions.RemoveEmptyEntries)
            .Where(word => word.Length > 3)
            .Select(word => word.ToLowerInvariant())
            .ToHashSet();

    private static List<T> Snapshot<T>(List<T> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private sealed record Section(Guid Workspace, Guid Document, string Title, string Name, int Page, string Text);
}
