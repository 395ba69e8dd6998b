using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Documents;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>
/// The event records and docs/hub.md ("Event data") say the same thing: every record is documented with exactly its
/// JSON fields, every documented record exists, and every event type the server names is documented. Renaming a
/// field of an event compiles, but fails here, before it breaks the page script or the Teams notifications.
/// </summary>
public sealed partial class EventDataContractTests
{
    private static readonly List<DocumentedEvent> Documented = ReadEventDataTable();

    private static readonly Dictionary<string, Type> Records = typeof(IWorkspaceEventData).Assembly.GetTypes()
        .Where(t => typeof(IWorkspaceEventData).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
        .ToDictionary(t => t.Name);

    [Fact]
    public void EveryEventRecordIsDocumentedAndEveryDocumentedRecordExists()
    {
        Assert.NotEmpty(Records);
        Assert.Equal(Records.Keys.Order(), Documented.Select(d => d.Record).Order());
    }

    [Fact]
    public void EachRecordHasExactlyTheDocumentedJsonFields()
    {
        var json = new JsonSerializerOptions(WorkspaceEvents.Json) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        foreach (var documented in Documented)
        {
            Assert.True(Records.TryGetValue(documented.Record, out var record), $"docs/hub.md names {documented.Record}, which is not an IWorkspaceEventData record");
            var actual = json.GetTypeInfo(record).Properties.Select(p => p.Name).ToList();
            var missingFromDocs = actual.Except(documented.Fields).ToList();
            var missingFromRecord = documented.Fields.Except(actual).ToList();
            Assert.True(
                missingFromDocs.Count == 0 && missingFromRecord.Count == 0,
                $"{documented.Record}: fields not in docs/hub.md: [{string.Join(", ", missingFromDocs)}]; documented but not in the record: [{string.Join(", ", missingFromRecord)}]");
        }
    }

    [Fact]
    public void EveryEventTypeTheServerNamesIsDocumentedOnce()
    {
        var named = Constants(typeof(DocumentEventTypes)).Concat(Constants(typeof(WorkspaceEventTypes)))
            .Where(type => type != WorkspaceEventTypes.DocumentPrefix).ToList();
        var documented = Documented.SelectMany(d => d.Types).ToList();
        Assert.Equal(documented.Distinct().Count(), documented.Count);
        Assert.All(named, type => Assert.Contains(type, documented));
    }

    private static IEnumerable<string> Constants(Type holder) =>
        holder.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private sealed record DocumentedEvent(List<string> Types, string Record, List<string> Fields);

    private static List<DocumentedEvent> ReadEventDataTable()
    {
        var lines = File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "hub.md"));
        var heading = Array.IndexOf(lines, "### Event data");
        Assert.True(heading >= 0, "docs/hub.md has no \"### Event data\" section");
        var rows = lines.Skip(heading + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2).ToList();
        Assert.NotEmpty(rows);
        return rows.Select(row =>
        {
            var cells = row.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var types = Code().Matches(cells[0]).Select(m => m.Groups[1].Value).ToList();
            var fields = cells[2].Trim('`').Split(',').Select(f => f.Trim().TrimEnd('?').Replace("[]", "", StringComparison.Ordinal)).ToList();
            return new DocumentedEvent(types, cells[1].Trim('`'), fields);
        }).ToList();
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
