using System.Data.Common;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cooperation.Cli.Backup;

/// <summary>Rows of one table to and from JSON lines, through EF Core's type mappings (so values convert exactly as EF Core converts them).</summary>
internal static class TableRows
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>Writes every row (in key order) as one JSON object per line; <paramref name="observe"/> sees each row's model values.</summary>
    public static async Task<long> ExportAsync(DbConnection connection, DbTransaction? transaction, ISqlGenerationHelper sql, DatabaseTable table, Stream output,
        Action<object?[]>? observe, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"ORDER BY {string.Join(", ", table.KeyColumns.Select(c => sql.DelimitIdentifier(c)))}";
        var readers = table.Columns.Select(c => c.Mapping.GetDataReaderMethod()).ToArray();
        var values = new object?[table.Columns.Count];
        long rows = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await using var json = new Utf8JsonWriter(output);
        while (await reader.ReadAsync(cancellationToken))
        {
            json.WriteStartObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                values[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : FromProvider(column, Read(readers[i], reader, i));
                json.WritePropertyName(column.Name);
                JsonSerializer.Serialize(json, values[i], column.ModelType);
            }

            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            await output.WriteAsync(NewLine, cancellationToken);
            json.Reset();
            observe?.Invoke(values);
            rows++;
        }

        return rows;
    }

    /// <summary>Reads the rows of a table's JSON lines as model values, in column order.</summary>
    public static async IAsyncEnumerable<object?[]> ReadAsync(Stream input, DatabaseTable table, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new StreamReader(input, Encoding.UTF8);
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var row = JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException($"A row of {table.Name} is not a JSON object.");
            var values = new object?[table.Columns.Count];
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                if (!row.TryGetPropertyValue(column.Name, out var node))
                {
                    throw new InvalidDataException($"A row of {table.Name} has no value for {column.Name}.");
                }

                values[i] = node?.Deserialize(column.ModelType);
            }

            yield return values;
        }
    }

    /// <summary>Inserts rows (model values in column order); each table's rows go in one prepared command.</summary>
    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, ISqlGenerationHelper sql, DatabaseTable table, IAsyncEnumerable<object?[]> rows,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = table.Columns.Select((_, i) => sql.GenerateParameterName($"p{i}")).ToList();
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", table.Columns.Select(c => sql.DelimitIdentifier(c.Name)))}) "
            + $"VALUES ({string.Join(", ", names)})";
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            command.Parameters.Clear();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                command.Parameters.Add(table.Columns[i].Mapping.CreateParameter(command, names[i], row[i], nullable: true));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>Orders the rows of a table that refers to itself so that every row comes after the row it refers to.</summary>
    public static List<object?[]> ParentsFirst(DatabaseTable table, List<object?[]> rows)
    {
        var links = table.SelfReferences.Select(r => (Child: table.IndexOf(r.Column), Parent: table.IndexOf(r.PrincipalColumn))).ToList();
        var present = links.Select(l => rows.Select(r => r[l.Parent]).OfType<object>().ToHashSet()).ToList();
        var placed = links.Select(_ => new HashSet<object>()).ToList();
        var ordered = new List<object?[]>(rows.Count);
        var pending = rows;
        while (pending.Count > 0)
        {
            var ready = pending.Where(row => links.Select((l, i) => row[l.Child] is not { } parent || placed[i].Contains(parent) || !present[i].Contains(parent)).All(ok => ok)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidDataException($"Rows of {table.Name} refer to each other in a cycle.");
            }

            foreach (var row in ready)
            {
                ordered.Add(row);
                for (var i = 0; i < links.Count; i++)
                {
                    if (row[links[i].Parent] is { } key)
                    {
                        placed[i].Add(key);
                    }
                }
            }

            var done = ready.ToHashSet(ReferenceEqualityComparer.Instance);
            pending = pending.Where(row => !done.Contains(row)).ToList();
        }

        return ordered;
    }

    private static object? Read(MethodInfo method, DbDataReader reader, int ordinal) => method.Invoke(reader, [ordinal]);

    private static object? FromProvider(TableColumn column, object? value) =>
        value is null || column.Mapping.Converter is not { } converter ? value : converter.ConvertFromProvider(value);
}
