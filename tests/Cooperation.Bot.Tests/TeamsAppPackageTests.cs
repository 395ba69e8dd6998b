using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Cooperation.Bot.Tests;

/// <summary>bot/teams-app/package.sh: the zip Teams admins upload.</summary>
public sealed class TeamsAppPackageTests
{
    private const string BotId = "5b1e7c1d-1111-4222-8333-944455556666";

    [Fact]
    public async Task ThePackageHoldsTheManifestWithTheBotIdAndBothIcons()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("teams-app-").FullName, "cooperation-hub.zip");

        var (exitCode, text) = await RunPackageAsync(output, new() { ["BOT_ID"] = BotId, ["HUB_URL"] = "https://hub.example.org" });

        Assert.True(exitCode == 0, text);
        using var zip = ZipFile.OpenRead(output);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(entry => entry.FullName).Order());

        await using var manifestStream = zip.GetEntry("manifest.json")!.Open();
        var manifest = (await JsonNode.ParseAsync(manifestStream, cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal(BotId, manifest["id"]!.GetValue<string>());
        Assert.Equal(BotId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.True(Version.Parse(manifest["manifestVersion"]!.GetValue<string>()) >= new Version(1, 19));
        Assert.Equal("https://hub.example.org/privacy", manifest["developer"]!["privacyUrl"]!.GetValue<string>());
        Assert.Equal("hub.example.org", manifest["validDomains"]![0]!.GetValue<string>());
        var commands = manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray().Select(command => command!["title"]!.GetValue<string>());
        Assert.Equal(["help", "programmes", "link"], commands);
        Assert.DoesNotContain("${{", manifest.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal((192, 192), PngSize(zip.GetEntry("color.png")!));
        Assert.Equal((32, 32), PngSize(zip.GetEntry("outline.png")!));
    }

    [Fact]
    public async Task TheIdIsReadFromTheConfigurationFileWhenTheEnvironmentHasNone()
    {
        var folder = Directory.CreateTempSubdirectory("teams-app-").FullName;
        var config = Path.Combine(folder, "appsettings.json");
        await File.WriteAllTextAsync(config, $$$"""{"Bot":{"AppId":"{{{BotId}}}"},"Hub":{"PublicUrl":"https://hub.example.org/"}}""", TestContext.Current.CancellationToken);
        var output = Path.Combine(folder, "app.zip");

        var (exitCode, text) = await RunPackageAsync(output, [], "--config", config);

        Assert.True(exitCode == 0, text);
        using var zip = ZipFile.OpenRead(output);
        await using var manifestStream = zip.GetEntry("manifest.json")!.Open();
        var manifest = (await JsonNode.ParseAsync(manifestStream, cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Equal(BotId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
    }

    [Fact]
    public async Task PackagingWithoutABotIdFailsWithAPlainMessageAndWritesNoZip()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("teams-app-").FullName, "app.zip");

        var (exitCode, text) = await RunPackageAsync(output, new() { ["HUB_URL"] = "https://hub.example.org" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("BOT_ID", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private static (int Width, int Height) PngSize(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20, 4)));
    }

    private static async Task<(int ExitCode, string Output)> RunPackageAsync(string output, Dictionary<string, string> environment, params string[] extra)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "bot", "teams-app", "package.sh"));
        start.ArgumentList.Add(output);
        foreach (var argument in extra)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "BOT_ID", "HUB_URL", "TEAMS_APP_ID", "Bot__AppId", "Hub__PublicUrl" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "bot", "teams-app", "package.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("bot/teams-app/package.sh was not found above the test folder.");
    }
}
