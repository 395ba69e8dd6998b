using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Cooperation.Knowledge.Chunking;

namespace Cooperation.Knowledge;

/// <summary>Configuration section "Knowledge".</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>Folder of the Lucene index; created when missing.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Knowledge:IndexPath must name the folder that holds the search index.")]
    public string IndexPath { get; set; } = string.Empty;

    [Range(1, 200)]
    public int MaxSearchResults { get; set; } = 50;

    public ChunkingOptions Chunking { get; set; } = new();

    /// <summary>Optional passage vectors fused with BM25; off by default.</summary>
    [ValidateObjectMembers]
    public Embeddings.EmbeddingOptions Embeddings { get; set; } = new();
}
