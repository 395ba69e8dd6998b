using System.Diagnostics;
using Cooperation.Knowledge;
using Cooperation.Web.Documents;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Documents;

public sealed class ImportAndSeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDemoSeedPutsTheSampleRulesInThePublicLibraryThroughTheQueue()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "true", ["DocumentExtraction:PollInterval"] = "00:00:00.200" });
        var reader = await app.CreateUserAsync("reader@seed.example");
        var library = await app.WithDbAsync(db => db.Workspaces.Where(w => w.Name == DemoSeed.RulesLibraryName).Select(w => w.Id).SingleAsync(Ct));

        var documents = await reader.GetAsync<List<DocumentSummary>>($"/api/workspaces/{library}/documents?sort=title");
        Assert.Equal(5, documents.Count);
        Assert.Contains(documents, d => d.FileName == "paris-convention-stockholm-1967-fr.md" && d.Language == "fr" && d.Kind == DocumentKind.Treaty);
        Assert.Contains(documents, d => d.FileName == "prc-foreign-related-ip-disputes-provisions-2025-zh.md" && d.CountryCode == "CN");

        foreach (var document in documents)
        {
            var version = await reader.WaitForExtractionAsync(library, document.Id, 1);
            Assert.Equal(ExtractionStatus.Extracted, version.Extraction);
        }

        var indexed = await WaitAsync(async () =>
        {
            var versions = await app.Services.GetRequiredService<IKnowledgeIndex>().IndexedVersionsAsync(Ct);
            return documents.All(d => versions.ContainsKey(d.Id));
        });
        Assert.True(indexed);
        var original = await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.RepositoryRoot, "src", "Cooperation.Web", "SampleData", "rules", "pct-treaty-en.md"), Ct);
        var pct = documents.Single(d => d.FileName == "pct-treaty-en.md");
        Assert.Equal(original, await reader.Client.GetByteArrayAsync($"/api/workspaces/{library}/documents/{pct.Id}/versions/1/content", Ct));
    }

    [Fact]
    public async Task TheSeedDoesNotAddTheSamplesTwice()
    {
        var dataPath = Directory.CreateTempSubdirectory("cooperation-seed-").FullName;
        var settings = new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "true", ["DocumentExtraction:Enabled"] = "false" };
        // Five rules in the library, two documents in the partner workspace with its programme of five sessions, and
        // the demo member beside the administrator.
        var seeded = (Documents: 7, Programmes: 1, Sessions: 5, Users: 2);
        await using (var first = new CooperationApp(settings: settings, dataPath: dataPath))
        {
            first.KeepDataOnDispose();
            Assert.Equal(seeded, await first.WithDbAsync(SeededAsync));
        }

        await using (var second = new CooperationApp(settings: settings, dataPath: dataPath))
        {
            Assert.Equal(seeded, await second.WithDbAsync(SeededAsync));
        }

        Directory.Delete(dataPath, recursive: true);
    }

    private static async Task<(int Documents, int Programmes, int Sessions, int Users)> SeededAsync(Cooperation.Web.Data.CooperationDb db) =>
        (await db.Documents.CountAsync(Ct), await db.Programmes.CountAsync(Ct), await db.ProgrammeSessions.CountAsync(Ct), await db.Users.CountAsync(Ct));

    [Fact]
    public async Task TheImportCommandMakesEveryFileSearchableWithOrWithoutTheSiteRunning()
    {
        var dataPath = Directory.CreateTempSubdirectory("cooperation-import-").FullName;
        var first = Directory.CreateTempSubdirectory("cooperation-import-src-").FullName;
        await File.WriteAllTextAsync(Path.Combine(first, "guideline.md"), "# Examination guideline\n\nArticle 1 An examiner reads the claims first.", Ct);
        await File.WriteAllBytesAsync(Path.Combine(first, "treaty.pdf"), TestFiles.Pdf(["Article 1 The priority period is twelve months.", "Article 2 Fees."]), Ct);
        await File.WriteAllBytesAsync(Path.Combine(first, "minutes.docx"), TestFiles.Docx("Minutes of the meeting", "The offices agreed on an examiner exchange."), Ct);
        await File.WriteAllTextAsync(Path.Combine(first, "ignored.csv"), "a,b", Ct);

        // No site running: the command extracts and indexes by itself.
        Assert.Equal(0, (await CliAsync(dataPath, "create-admin", "--email", CooperationApp.AdminEmail, "--password", CooperationApp.AdminPassword)).ExitCode);
        var alone = await CliAsync(dataPath, "import", first, "--workspace", "Imported rules", "--public");
        Assert.True(alone.ExitCode == 0, alone.Output);
        Assert.Contains("3 of 3 files are searchable", alone.Output);

        // With the site running on the same data folder: the site holds the index and indexes what the command extracted.
        var second = Directory.CreateTempSubdirectory("cooperation-import-src-").FullName;
        await File.WriteAllTextAsync(Path.Combine(second, "notes.txt"), "Notes on the national phase entry.", Ct);
        await File.WriteAllTextAsync(Path.Combine(first, "guideline.md"), "# Examination guideline\n\nArticle 1 An examiner reads the description first.", Ct);
        using (var site = await SiteProcess.StartAsync(dataPath, new Dictionary<string, string> { ["DocumentExtraction:IndexSyncInterval"] = "00:00:01" }))
        {
            var beside = await CliAsync(dataPath, "import", second, "--workspace", "Imported rules");
            Assert.True(beside.ExitCode == 0, beside.Output);
            Assert.Contains("1 of 1 files are searchable", beside.Output);
            var again = await CliAsync(dataPath, "import", first, "--workspace", "Imported rules");
            Assert.True(again.ExitCode == 0, again.Output);
            Assert.Contains("unchanged (version 1)", again.Output);
            Assert.Contains("searchable (version 2)", again.Output);

            using var client = await site.ClientAsync();
            var workspaces = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<Cooperation.Web.Workspaces.WorkspaceSummary>>(client, "/api/workspaces", ApiJson.Options, Ct);
            var imported = workspaces!.Single(w => w.Name == "Imported rules");
            Assert.True(imported.IsPublic);
            var documents = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<DocumentSummary>>(client, $"/api/workspaces/{imported.Id}/documents", ApiJson.Options, Ct);
            Assert.Equal(["guideline.md", "minutes.docx", "notes.txt", "treaty.pdf"], documents!.Select(d => d.FileName).Order());
            Assert.All(documents!, d => Assert.Equal(ExtractionStatus.Extracted, d.Extraction));
        }

        foreach (var folder in new[] { dataPath, first, second })
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> CliAsync(string dataPath, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataPath };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cooperation.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--data-path");
        start.ArgumentList.Add(dataPath);
        start.Environment["Cooperation__Seed__Demo"] = "false";
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100, Ct);
        }

        return false;
    }
}
