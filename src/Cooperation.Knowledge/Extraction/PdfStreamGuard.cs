using System.IO.Compression;
using System.Runtime.InteropServices;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// PDF streams are compressed with the same deflate as zip files, and PdfPig inflates a stream whole
/// into memory. This filter provider measures what each Flate stream inflates to, without keeping it,
/// before PdfPig decodes it, and refuses streams over the limit.
/// </summary>
internal sealed class PdfStreamGuard(long maxStreamBytes) : IFilterProvider
{
    private readonly IFilterProvider _defaults = DefaultFilterProvider.Instance;
    private CappedFlateFilter? _flate;

    public long MaxStreamBytes => maxStreamBytes;

    /// <summary>Set when a stream was refused, in case the parser swallowed the exception and carried on.</summary>
    public ExtractionFailedException? Refusal { get; private set; }

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Guard(_defaults.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Guard(_defaults.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Guard(_defaults.GetAllFilters());

    public void ThrowIfRefused()
    {
        if (Refusal is { } refusal)
        {
            throw refusal;
        }
    }

    private IReadOnlyList<IFilter> Guard(IReadOnlyList<IFilter> filters)
    {
        if (!filters.Any(filter => filter is FlateFilter))
        {
            return filters;
        }

        _flate ??= new CappedFlateFilter(filters.First(filter => filter is FlateFilter), this);

        return [.. filters.Select(filter => filter is FlateFilter ? _flate : filter)];
    }

    private sealed class CappedFlateFilter(IFilter inner, PdfStreamGuard guard) : IFilter
    {
        private const int ZlibHeaderLength = 2;

        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            if (InflatesBeyond(input, guard.MaxStreamBytes))
            {
                guard.Refusal ??= new ExtractionFailedException(
                    $"A compressed stream in the PDF unpacks to more than {ByteSize.Format(guard.MaxStreamBytes)}, over the limit; it may be a decompression bomb.");
                throw guard.Refusal;
            }

            return inner.Decode(input, streamDictionary, filterProvider, filterIndex);
        }

        private static bool InflatesBeyond(Memory<byte> input, long maxBytes)
        {
            if (input.Length <= ZlibHeaderLength)
            {
                return false;
            }

            var compressed = MemoryMarshal.TryGetArray<byte>(input, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset + ZlibHeaderLength, segment.Count - ZlibHeaderLength, writable: false)
                : new MemoryStream(input[ZlibHeaderLength..].ToArray(), writable: false);
            var scratch = new byte[64 * 1024];
            long produced = 0;
            try
            {
                using var inflater = new DeflateStream(compressed, CompressionMode.Decompress);
                int read;
                while ((read = inflater.Read(scratch)) > 0)
                {
                    produced += read;
                    if (produced > maxBytes)
                    {
                        return true;
                    }
                }
            }
            catch (InvalidDataException)
            {
                // Damaged data is PdfPig's to judge; only size is judged here.
            }

            return false;
        }
    }
}
