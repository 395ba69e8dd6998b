using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cooperation.Bot;
using Cooperation.Knowledge.Answering;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Documents;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Operations;

/// <summary>
/// The Azure deployment in infra/ compiles and lints with the real Bicep compiler (from its NuGet package; the test
/// command restores it and sets COOPERATION_TEST_BICEP). No Azure account is involved.
/// </summary>
public sealed partial class BicepTests
{
    private const string PasswordVariable = "COOPERATION_POSTGRES_PASSWORD";

    private static string Infra => Path.Combine(TestEnvironment.RepositoryRoot, "infra");

    private static string Bicep =>
        Environment.GetEnvironmentVariable("COOPERATION_TEST_BICEP") is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException("COOPERATION_TEST_BICEP does not name the Bicep compiler: run the tests with 'bash infra/scripts/test.sh', which restores it from NuGet (infra/bicep-tool).");

    [Fact]
    public async Task TheAzureTemplateCompilesWithoutErrorsOrWarnings()
    {
        var output = Directory.CreateTempSubdirectory("cooperation-bicep-").FullName;
        try
        {
            var result = await RunBicepAsync(["build", Path.Combine(Infra, "main.bicep"), "--outdir", output]);

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Empty(Diagnostics(result));
            var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "main.json"), TestContext.Current.CancellationToken))!;
            var types = ResourceTypes(template).ToHashSet(StringComparer.OrdinalIgnoreCase);
            string[] expected =
            [
                "Microsoft.Web/sites", "Microsoft.Web/serverfarms", "Microsoft.DBforPostgreSQL/flexibleServers",
                "Microsoft.Storage/storageAccounts/blobServices/containers", "Microsoft.Cache/redisEnterprise",
                "Microsoft.BotService/botServices", "Microsoft.BotService/botServices/channels", "Microsoft.KeyVault/vaults",
                "Microsoft.KeyVault/vaults/secrets", "Microsoft.Insights/components", "Microsoft.CognitiveServices/accounts/deployments",
                "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Authorization/roleAssignments", "Microsoft.ContainerRegistry/registries",
            ];
            Assert.All(expected, type => Assert.Contains(type, types));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task TheLinterHasNothingToReport()
    {
        var result = await RunBicepAsync(["lint", Path.Combine(Infra, "main.bicep")]);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Empty(Diagnostics(result));
    }

    [Fact]
    public async Task TheParametersFileTakesThePostgresPasswordFromTheEnvironmentOnly()
    {
        var parameters = Path.Combine(Infra, "main.bicepparam");
        var missing = await RunBicepAsync(["build-params", parameters, "--stdout"], new Dictionary<string, string?> { [PasswordVariable] = null });
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains(PasswordVariable, missing.Output + missing.Error, StringComparison.Ordinal);

        var password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var given = await RunBicepAsync(["build-params", parameters, "--stdout"], new Dictionary<string, string?> { [PasswordVariable] = password });
        Assert.True(given.ExitCode == 0, given.Describe());
        var compiled = JsonNode.Parse(JsonNode.Parse(given.Output)!["parametersJson"]!.GetValue<string>())!;
        Assert.Equal(password, compiled["parameters"]!["postgresAdministratorPassword"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSiteSettingsNameOnlyKeysTheSiteReads()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories))
        {
            foreach (Match match in SettingKey().Matches(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)))
            {
                keys.Add(match.Groups["key"].Value);
            }
        }

        string[] required =
        [
            "Database__Provider", "Database__ConnectionString", "DocumentStorage__Provider", "DocumentStorage__AccountUri",
            "DocumentStorage__Container", "SignalR__Redis", "Bot__AppId", "Bot__TenantId", "Bot__ManagedIdentityClientId",
            "Assistant__Chat__Provider", "Assistant__Chat__Endpoint", "Assistant__Chat__Model", "Assistant__Chat__ApiKey",
            "Cooperation__PublicBaseUrl", "Cooperation__DataPath",
        ];
        Assert.All(required, key => Assert.Contains(key, keys));
        var sections = new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [CooperationOptions.Section] = typeof(CooperationOptions),
            [DatabaseOptions.Section] = typeof(DatabaseOptions),
            [DocumentStorageOptions.Section] = typeof(DocumentStorageOptions),
            [SignalROptions.Section] = typeof(SignalROptions),
            [BotOptions.SectionName] = typeof(BotOptions),
            [AssistantOptions.SectionName] = typeof(AssistantOptions),
        };
        Assert.All(keys, key =>
        {
            var path = key.Split("__");
            Assert.True(sections.TryGetValue(path[0], out var type), $"{key}: no options section {path[0]}");
            foreach (var name in path.Skip(1))
            {
                var property = type!.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
                Assert.True(property is { CanWrite: true }, $"{key}: {type.Name} has no settable property {name}");
                type = property!.PropertyType;
            }
        });
    }

    private static async Task<ProcessResult> RunBicepAsync(string[] arguments, IDictionary<string, string?>? environment = null) =>
        await ExternalProcess.RunAsync(Bicep, arguments, TestContext.Current.CancellationToken, Infra, environment);

    private static List<string> Diagnostics(ProcessResult result) =>
        (result.Output + result.Error).Split('\n').Where(line => Diagnostic().IsMatch(line)).ToList();

    private static IEnumerable<string> ResourceTypes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var name) && obj["apiVersion"] is not null)
                {
                    yield return name;
                }

                foreach (var (_, child) in obj)
                {
                    foreach (var found in ResourceTypes(child))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var found in ResourceTypes(child))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    // "file(line,col) : Error BCP...:" and "... : Warning rule-name:" are how Bicep reports problems.
    [GeneratedRegex(@":\s*(Error|Warning|Info)\s+[A-Za-z0-9-]+:", RegexOptions.IgnoreCase)]
    private static partial Regex Diagnostic();

    // App settings in the templates: "Section__Key: value" (environment-variable form of configuration keys).
    [GeneratedRegex(@"^\s*(?<key>[A-Z][A-Za-z]+(?:__[A-Z][A-Za-z]*)+)\s*:", RegexOptions.Multiline)]
    private static partial Regex SettingKey();
}
