using Cooperation.Web.Data;
using Cooperation.Web.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cooperation.Cli.Backup;

internal sealed record TableColumn(string Name, Type ModelType, RelationalTypeMapping Mapping);

/// <summary>A parent-child link inside one table (a reply to a comment): parents must be inserted first.</summary>
internal sealed record SelfReference(string Column, string PrincipalColumn);

internal sealed record DatabaseTable(string Name, string? Schema, IReadOnlyList<TableColumn> Columns, IReadOnlyList<string> KeyColumns, IReadOnlyList<SelfReference> SelfReferences, string? IdentityColumn)
{
    public int IndexOf(string column) => Columns.ToList().FindIndex(c => c.Name == column);
}

/// <summary>
/// The database as EF Core maps it: every table with its columns and their type mappings, in an order where each
/// table comes after the tables its foreign keys point to. Reading and writing rows through these mappings gives the
/// same values EF Core itself would, on either provider, so an archive taken on SQLite restores on PostgreSQL too.
/// </summary>
internal static class DatabaseTables
{
    public static IReadOnlyList<DatabaseTable> InInsertOrder(CooperationDb db)
    {
        var tables = db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables
            .Where(t => !t.IsExcludedFromMigrations)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var ordered = new List<ITable>();
        var placed = new HashSet<ITable>();
        while (ordered.Count < tables.Count)
        {
            var ready = tables.Where(t => !placed.Contains(t) && t.ForeignKeyConstraints.All(fk => fk.PrincipalTable == t || placed.Contains(fk.PrincipalTable))).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The tables' foreign keys form a cycle: " + string.Join(", ", tables.Where(t => !placed.Contains(t)).Select(t => t.Name)));
            }

            ordered.AddRange(ready);
            placed.UnionWith(ready);
        }

        return ordered.Select(Describe).ToList();
    }

    /// <summary>Column names of the versions table, for the manifest.</summary>
    public static (string Table, string Id, string DocumentId, string StorageKey, string Sha256, string Length) Versions(CooperationDb db)
    {
        var entity = db.Model.FindEntityType(typeof(DocumentVersion)) ?? throw new InvalidOperationException("DocumentVersion is not in the model.");
        string Column(string property) => entity.FindProperty(property)!.GetColumnName();
        return (entity.GetTableName()!, Column(nameof(DocumentVersion.Id)), Column(nameof(DocumentVersion.DocumentId)), Column(nameof(DocumentVersion.StorageKey)),
            Column(nameof(DocumentVersion.Sha256)), Column(nameof(DocumentVersion.Length)));
    }

    private static DatabaseTable Describe(ITable table)
    {
        var columns = table.Columns
            .Where(c => c.ComputedColumnSql is null)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c =>
            {
                var mapping = c.PropertyMappings.First();
                return new TableColumn(c.Name, mapping.Property.ClrType, mapping.TypeMapping);
            })
            .ToList();
        var keys = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? columns.Select(c => c.Name).ToList();
        var selfReferences = table.ForeignKeyConstraints
            .Where(fk => fk.PrincipalTable == table && fk.Columns.Count == 1)
            .Select(fk => new SelfReference(fk.Columns[0].Name, fk.PrincipalColumns[0].Name))
            .ToList();
        var identity = table.PrimaryKey?.Columns is [var only]
            && only.PropertyMappings.First().Property is { ValueGenerated: ValueGenerated.OnAdd } property
            && (property.ClrType == typeof(int) || property.ClrType == typeof(long))
                ? only.Name
                : null;
        return new DatabaseTable(table.Name, table.Schema, columns, keys, selfReferences, identity);
    }
}
