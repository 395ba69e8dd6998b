using System.Collections.Concurrent;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// The Lucene filter of a set of workspaces, cached: a reader asks with the same set question after question, and the
/// cached filter keeps each segment's matching documents as a bit set (segments are immutable; deletions are applied
/// on top of it at search time), so the workspace terms are not looked up in every segment per query.
/// </summary>
internal sealed class WorkspaceFilters
{
    private const int MaxCached = 256;
    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    public Filter For(IReadOnlyCollection<Guid> workspaceIds)
    {
        var keys = workspaceIds.Select(ChunkDocuments.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var cacheKey = string.Join(',', keys);
        if (_filters.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        // Crude bound: sets of workspaces are few (one per member's memberships), so a full cache is simply started over.
        if (_filters.Count >= MaxCached)
        {
            _filters.Clear();
        }

        return _filters.GetOrAdd(cacheKey, _ => new CachingWrapperFilter(new TermsFilter(keys.Select(k => new Term(IndexFields.Workspace, k)).ToArray())));
    }
}
