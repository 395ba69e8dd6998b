using System.ComponentModel;
using System.Text;
using Cooperation.Knowledge.Search;
using Microsoft.SemanticKernel;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>
/// The "materials" functions the model may call while answering one question. The asker's workspaces are
/// fixed when the plugin is made for the request; no argument the model passes can widen them.
/// </summary>
internal sealed class MaterialsPlugin(IKnowledgeSearch search, IReadOnlyCollection<Guid> workspaceIds, NumberedPassages passages, int maxSearches)
{
    public const string Name = "materials";

    private const int PassagesPerSearch = 4;
    private const int MaxQueryLength = 500;

    private int _searches;

    public int SearchesMade => Volatile.Read(ref _searches);

    [KernelFunction("search")]
    [Description("Searches the rules materials (treaties, laws, regulations, guidelines) the asker may read and returns numbered passages to cite by their number. Use it when the passages you were given do not answer the question, for instance with the question translated into the language of the materials.")]
    public async Task<string> SearchAsync(
        [Description("What to look for, in any language, e.g. \"délai de priorité dessins ou modèles\".")] string query,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _searches) > maxSearches)
        {
            return "No more searches are allowed for this question; answer from the passages you have.";
        }

        var text = Text.TextNormalizer.NormalizeWhitespace(query ?? string.Empty);
        if (text.Length == 0)
        {
            return "The search query was empty.";
        }

        if (text.Length > MaxQueryLength)
        {
            text = text[..MaxQueryLength];
        }

        var hits = await search.SearchAsync(text, workspaceIds, PassagesPerSearch, cancellationToken).ConfigureAwait(false);
        var result = new StringBuilder();
        foreach (var hit in hits.Where(h => workspaceIds.Contains(h.WorkspaceId)))
        {
            NumberedPassages.Describe(result, passages.Add(hit), hit);
        }

        return result.Length == 0 ? "No passages found." : result.ToString();
    }
}
