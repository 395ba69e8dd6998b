using System.Text;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>
/// Collects the claims that verified into the answer text, each followed by the number of its citation
/// ("… six months [1]"), and counts those dropped.
/// </summary>
internal sealed class VerifiedAnswerBuilder(string questionLanguage)
{
    private const int MaxClaims = 8;

    private readonly StringBuilder _text = new();
    private readonly List<Citation> _citations = [];

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public IReadOnlyList<Citation> Citations => _citations;

    public string Text => _text.ToString();

    /// <summary>Adds a claim if its citation verifies; returns the text it adds to the answer, or null when dropped.</summary>
    public string? Add(GeneratedClaim claim, NumberedPassages passages)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (Accepted >= MaxClaims)
        {
            return null;
        }

        var citation = CitationVerifier.Verify(claim, passages);
        if (citation is null)
        {
            Rejected++;
            return null;
        }

        var number = _citations.FindIndex(c => c.DocumentId == citation.DocumentId && c.Section == citation.Section && c.Quote == citation.Quote) + 1;
        if (number == 0)
        {
            _citations.Add(citation);
            number = _citations.Count;
        }

        var separator = _text.Length == 0 || questionLanguage == LanguageDetector.Chinese ? string.Empty : " ";
        var piece = separator + claim.Text + " [" + number + "]";
        _text.Append(piece);
        Accepted++;
        return piece;
    }
}
