using System.ComponentModel.DataAnnotations;

namespace Cooperation.Knowledge.Chunking;

/// <summary>Sizes in characters. Articles up to <see cref="MaxChunkChars"/> stay whole.</summary>
public sealed class ChunkingOptions
{
    [Range(200, 20_000)]
    public int MaxChunkChars { get; set; } = 1_400;

    [Range(100, 20_000)]
    public int TargetChunkChars { get; set; } = 900;

    [Range(0, 2_000)]
    public int OverlapChars { get; set; } = 250;
}
