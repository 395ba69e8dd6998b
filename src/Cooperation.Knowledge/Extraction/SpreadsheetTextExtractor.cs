using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>XLSX: one page per sheet in workbook order, headed by the sheet name, one line per row, cells split by tabs.</summary>
internal sealed class SpreadsheetTextExtractor : IFormatTextExtractor
{
    public const string FormatName = "Excel workbook";
    private static readonly OpenXmlNamespace X = OpenXmlNamespace.Spreadsheet;

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Xlsx];

    public bool NeedsSeekableContent => true;

    public string DamagedReason => "The Excel workbook is damaged or is not a valid XLSX file, so its text cannot be read.";

    public Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken) =>
        OpenXmlPackageGuard.ReadAsync(content, limits, FormatName, budget => Read(content, limits, budget), cancellationToken);

    private static IReadOnlyList<ExtractedPage> Read(Stream content, ExtractionLimits limits, DecompressionBudget budget)
    {
        using var document = SpreadsheetDocument.Open(content, false, OpenXmlParts.Settings(limits));
        var workbook = document.WorkbookPart
            ?? throw new ExtractionFailedException("The Excel workbook has no workbook part, so it has no sheets to read.");
        var sheets = ReadSheetList(workbook, budget);
        if (sheets.Count > limits.MaxPages)
        {
            throw PageCollector.TooMany(limits.MaxPages, "sheets", sheets.Count);
        }

        var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart, budget);
        var pages = new PageCollector(limits.MaxPages, "sheets");
        foreach (var (name, relationshipId) in sheets)
        {
            var page = new StringBuilder().Append("# ").Append(name).Append("\n\n");
            if (relationshipId is not null && workbook.TryGetPartById(relationshipId, out var part) && part is WorksheetPart worksheet)
            {
                AppendRows(worksheet, budget, sharedStrings, page);
            }

            pages.Add(page.ToString());
        }

        return pages.Pages;
    }

    private static List<(string Name, string? RelationshipId)> ReadSheetList(WorkbookPart workbook, DecompressionBudget budget)
    {
        var sheets = new List<(string, string?)>();
        foreach (var node in OpenXmlParts.Nodes(workbook, budget))
        {
            if (node.IsStart("sheet", X))
            {
                var name = node.Attribute("name") ?? string.Create(CultureInfo.InvariantCulture, $"Sheet {sheets.Count + 1}");
                sheets.Add((name, node.RelationshipId()));
            }
        }

        return sheets;
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part, DecompressionBudget budget)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        var item = new StringBuilder();
        var inText = false;
        // Phonetic guides (furigana) repeat the reading of the text, not the text.
        foreach (var node in OpenXmlParts.Nodes(part, budget, (name, ns) => name == "rPh" && X.Matches(ns)))
        {
            if (node.Kind == PartNodeKind.Text)
            {
                if (inText)
                {
                    item.Append(node.Text);
                }
            }
            else if (node.Is("t", X))
            {
                inText = node.Kind == PartNodeKind.Start;
            }
            else if (node.IsEnd("si", X))
            {
                strings.Add(item.ToString());
                item.Clear();
            }
        }

        return strings;
    }

    private static void AppendRows(WorksheetPart worksheet, DecompressionBudget budget, List<string> sharedStrings, StringBuilder page)
    {
        var row = new List<string>();
        string? cellType = null;
        var cellText = new StringBuilder();
        var inValue = false;
        // Formulas are how a value was computed; the cached value beside them is what the sheet shows.
        // Phonetic guides in inline strings repeat the reading of the text.
        foreach (var node in OpenXmlParts.Nodes(worksheet, budget, (name, ns) => name is "f" or "rPh" && X.Matches(ns)))
        {
            if (node.Kind == PartNodeKind.Text)
            {
                if (inValue)
                {
                    cellText.Append(node.Text);
                }
            }
            else if (node.Is("v", X) || node.Is("t", X))
            {
                inValue = node.Kind == PartNodeKind.Start;
            }
            else if (node.IsStart("c", X))
            {
                cellType = node.Attribute("t");
                cellText.Clear();
            }
            else if (node.IsEnd("c", X))
            {
                row.Add(CellValue(cellType, cellText.ToString(), sharedStrings));
            }
            else if (node.IsEnd("row", X))
            {
                if (row.Exists(value => value.Length > 0))
                {
                    page.AppendJoin('\t', row).Append('\n');
                }

                row.Clear();
            }
        }
    }

    private static string CellValue(string? cellType, string raw, List<string> sharedStrings) => cellType switch
    {
        "s" => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count
            ? sharedStrings[index]
            : string.Empty,
        "b" => raw.Trim() == "1" ? "TRUE" : "FALSE",
        _ => raw.Trim(),
    };
}
