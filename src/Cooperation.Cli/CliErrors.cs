using Cooperation.Web.Infrastructure;

namespace Cooperation.Cli;

/// <summary>A failure to report to the person at the terminal as one plain sentence.</summary>
internal sealed class CliException(string message) : Exception(message);

internal static class CliErrors
{
    /// <summary>Runs a command; known failures print a sentence to stderr and exit 1, never a stack trace.</summary>
    public static async Task<int> RunAsync(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (Exception e) when (e is CliException or ProblemException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
    }

    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        var code = 0;
        var result = await RunAsync(async () => { code = await action(); });
        return result == 0 ? code : result;
    }
}
