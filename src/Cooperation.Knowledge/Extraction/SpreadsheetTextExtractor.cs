using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Cooperation.Knowledge.Extraction;

/// <summary>XLSX: one page per sheet in workbook order, headed by the sheet name, one line per row, cells split by tabs.</summary>
internal sealed class SpreadsheetTextExtractor : IFormatTextExtractor
{
    private const string FormatName = "Excel workbook";

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Xlsx];

    public bool NeedsSeekableContent => true;

    public string DamagedReason => "The Excel workbook is damaged or is not a valid XLSX file, so its text cannot be read.";

    public async Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var budget = await OpenXmlPackageGuard.CheckAsync(content, limits, FormatName, cancellationToken);
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
                using var reader = OpenXmlParts.Read(worksheet, budget);
                AppendRows(reader, sharedStrings, page, cancellationToken);
            }

            pages.Add(page.ToString());
        }

        return pages.Pages;
    }

    private static List<(string Name, string? RelationshipId)> ReadSheetList(WorkbookPart workbook, DecompressionBudget budget)
    {
        var sheets = new List<(string, string?)>();
        using var reader = OpenXmlParts.Read(workbook, budget);
        foreach (var element in OpenXmlParts.Elements(reader, budget.CancellationToken))
        {
            if (element.IsStartElement && element.ElementType == typeof(S.Sheet))
            {
                var name = OpenXmlParts.Attribute(element, "name") ?? $"Sheet {sheets.Count + 1}";
                sheets.Add((name, OpenXmlParts.RelationshipId(element)));
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

        using var reader = OpenXmlParts.Read(part, budget);
        var item = new StringBuilder();
        // Phonetic guides (furigana) repeat the reading of the text, not the text.
        static bool IsPhonetic(Type type) => type == typeof(S.PhoneticRun);
        foreach (var element in OpenXmlParts.Elements(reader, budget.CancellationToken, IsPhonetic))
        {
            if (element.ElementType == typeof(S.SharedStringItem) && element.IsEndElement)
            {
                strings.Add(item.ToString());
                item.Clear();
            }
            else if (element.ElementType == typeof(S.Text) && element.IsStartElement)
            {
                item.Append(element.GetText());
            }
        }

        return strings;
    }

    private static void AppendRows(OpenXmlReader reader, List<string> sharedStrings, StringBuilder page, CancellationToken cancellationToken)
    {
        var row = new List<string>();
        string? cellType = null;
        var cellText = new StringBuilder();
        foreach (var element in OpenXmlParts.Elements(reader, cancellationToken, type => type == typeof(S.CellFormula)))
        {
            var type = element.ElementType;
            if (type == typeof(S.Row) && element.IsEndElement)
            {
                if (row.Exists(value => value.Length > 0))
                {
                    page.AppendJoin('\t', row).Append('\n');
                }

                row.Clear();
            }
            else if (type == typeof(S.Cell))
            {
                if (element.IsStartElement)
                {
                    cellType = OpenXmlParts.Attribute(element, "t");
                    cellText.Clear();
                }
                else
                {
                    row.Add(CellValue(cellType, cellText.ToString(), sharedStrings));
                }
            }
            else if (element.IsStartElement && (type == typeof(S.CellValue) || type == typeof(S.Text)))
            {
                cellText.Append(element.GetText());
            }
        }
    }

    private static string CellValue(string? cellType, string raw, List<string> sharedStrings) => cellType switch
    {
        "s" => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count
            ? sharedStrings[index]
            : string.Empty,
        "b" => raw == "1" ? "TRUE" : "FALSE",
        _ => raw.Trim(),
    };
}
