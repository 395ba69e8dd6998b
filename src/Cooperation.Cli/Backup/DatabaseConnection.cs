using System.Data.Common;
using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Cli.Backup;

/// <summary>
/// Backup and restore talk to the database below EF Core, on the context's own connection: held open for the whole
/// step (so one transaction, or one snapshot, spans it) and closed again however the step ends.
/// </summary>
internal static class DatabaseConnection
{
    public static Task WithOpenAsync(CooperationDb db, Func<DbConnection, Task> step, CancellationToken cancellationToken) =>
        WithOpenAsync(db, async connection =>
        {
            await step(connection);
            return true;
        }, cancellationToken);

    public static async Task<T> WithOpenAsync<T>(CooperationDb db, Func<DbConnection, Task<T>> step, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await step(db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
