using System.CommandLine;

namespace Cooperation.Cli;

/// <summary>
/// `cooperation`: the administrator's tool. It uses the site's own service registrations and database,
/// so it can run before, after or beside the site on the same data folder.
/// </summary>
public static class CliProgram
{
    // Ctrl+C cancels the command's token; the default two seconds before the process ends anyway would cut short
    // the clean-up that cancellation runs (eval --corpus deleting its temporary data folder).
    private static readonly InvocationConfiguration Invocation = new() { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };

    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync(Invocation);

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Cooperation Hub administration: accounts, tokens, documents, the rules assistant.");
        root.Options.Add(CliHost.DataPathOption);
        foreach (var command in AccountCommands.Create().Concat(DocumentCommands.Create()).Concat(AssistantCommands.Create()).Concat(BackupCommands.Create()))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
