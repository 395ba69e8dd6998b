namespace Cooperation.Knowledge.Search;

/// <summary>
/// The documents whose passages the search finds for a few typed words. It reads the best passages of the same search
/// the assistant uses (so the same workspace filter bounds it), and a document counts once, at its best passage.
/// </summary>
internal sealed class DocumentTextSearch(IKnowledgeSearch search) : IDocumentTextSearch
{
    /// <summary>How many passages are read: enough for a word that many documents mention, few enough to stay quick.</summary>
    private const int Passages = 100;

    public async Task<IReadOnlyList<Guid>> FindDocumentsAsync(string text, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(workspaceIds);
        if (string.IsNullOrWhiteSpace(text) || workspaceIds.Count == 0)
        {
            return [];
        }

        var hits = await search.SearchAsync(text, workspaceIds, Passages, cancellationToken).ConfigureAwait(false);
        return [.. hits.Select(h => h.DocumentId).Distinct()];
    }
}
