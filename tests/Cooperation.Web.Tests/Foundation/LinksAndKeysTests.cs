using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>
/// Issue 14, the rest of item 8: links that do not follow the Host header, a bounded quote on the document page, and
/// data-protection keys encrypted at rest with a configured certificate.
/// </summary>
public sealed partial class LinksAndKeysTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutAPublicUrlLinksUseTheSitesOwnAddressWhateverTheHostHeaderSays()
    {
        // AllowedHosts=* lets any Host header in, as an operator may choose: links must still not follow it.
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["AllowedHosts"] = "*",
        });
        var site = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        var coordinator = await app.CreateUserAsync("links@hosts.example");
        coordinator.Client.DefaultRequestHeaders.Host = "evil.example";

        var feed = await coordinator.Client.PostAsync("/api/agenda/subscription", null, Ct);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.StartsWith(site + "/calendar/", (await feed.Content.ReadFromJsonAsync<CreatedSubscription>(ApiJson.Options, Ct))!.Url);

        var workspace = await coordinator.Client.CreateWorkspaceAsync("Links");
        var browser = app.AnonymousClient();
        browser.DefaultRequestHeaders.Host = "evil.example";
        await browser.SignInAsync(coordinator.Email, CooperationApp.UserPassword);
        var page = $"/workspaces/{workspace}";
        var invited = await browser.PostFormAsync(page, new Dictionary<string, string> { ["email"] = "guest@hosts.example", ["role"] = "Member" }, page + "?handler=Invite");
        var link = InvitationLink().Match(await invited.Content.ReadAsStringAsync(Ct));
        Assert.True(link.Success, "The page shows the invitation link.");
        Assert.StartsWith(site + "/account/invitation/", link.Groups[1].Value);
        Assert.DoesNotContain("evil.example", link.Groups[1].Value);
    }

    [Fact]
    public async Task AVeryLongQuoteInTheDocumentAddressGivesTheNormalPage()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var reader = await app.CreateUserAsync("reader@quote.example");
        var workspace = await reader.Client.CreateWorkspaceAsync("Quotes");
        // One page of text that a long quote almost matches at every position.
        var text = Encoding.UTF8.GetBytes("Long page\n\n" + new string('a', 200_000) + "\n");
        var document = (await reader.Client.UploadOkAsync(workspace, "long.txt", text, new Dictionary<string, string> { ["title"] = "Long page" })).Document.Id;
        await reader.WaitForExtractionAsync(workspace, document, 1);
        var browser = app.AnonymousClient();
        await browser.SignInAsync(reader.Email, CooperationApp.UserPassword);

        var quote = new string('a', 30_000) + "b";
        using var response = await browser.GetAsync($"/workspaces/{workspace}/documents/{document}?version=1&section=x&quote={quote}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Long page", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task DataProtectionKeysAreStoredEncryptedWithTheConfiguredCertificate()
    {
        var folder = Directory.CreateTempSubdirectory("cooperation-keys-").FullName;
        var certificate = Path.Combine(folder, "keys.pfx");
        WriteSelfSignedCertificate(certificate, "pfx-password-1");
        var withCertificate = new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["DataProtection:CertificatePath"] = certificate,
            ["DataProtection:CertificatePassword"] = "pfx-password-1",
        };

        string protectedText;
        await using (var first = new CooperationApp(settings: withCertificate, dataPath: Path.Combine(folder, "data")))
        {
            protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("sign-in cookie");
            var keys = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(Ct));
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<encryptedSecret", xml);
                Assert.DoesNotContain("<masterKey", xml);
            });
            first.KeepDataOnDispose();
        }

        // Another start with the certificate reads the keys; one without it cannot.
        await using (var second = new CooperationApp(settings: withCertificate, dataPath: Path.Combine(folder, "data")))
        {
            Assert.Equal("sign-in cookie", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
            second.KeepDataOnDispose();
        }

        await using (var without = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" }, dataPath: Path.Combine(folder, "data")))
        {
            Assert.ThrowsAny<CryptographicException>(() => without.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
        }

        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("missing", "there is no file")]
    [InlineData("wrong password", "cannot be read as a PKCS#12")]
    [InlineData("password only", "DataProtection:CertificatePassword is set but DataProtection:CertificatePath is not")]
    public async Task ACertificateThatCannotBeUsedStopsTheSiteWithTheSettingNamed(string problem, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("cooperation-keys-").FullName;
        var certificate = Path.Combine(folder, "keys.pfx");
        WriteSelfSignedCertificate(certificate, "pfx-password-1");
        var settings = new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["DataProtection:CertificatePath"] = problem switch
            {
                "missing" => Path.Combine(folder, "nowhere.pfx"),
                "password only" => null,
                _ => certificate,
            },
            ["DataProtection:CertificatePassword"] = problem == "wrong password" ? "not-the-password" : "pfx-password-1",
        };
        await using var app = new CooperationApp(settings: settings);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var messages = string.Join("\n", Flatten(error).Select(e => e.Message));
        Assert.Contains(expected, messages);
        Assert.Contains("DataProtection:", messages);
        Directory.Delete(folder, recursive: true);
    }

    private static void WriteSelfSignedCertificate(string path, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Cooperation Hub key protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException aggregate
            ? aggregate.InnerExceptions.SelectMany(Flatten).Prepend(e)
            : e.InnerException is { } inner ? Flatten(inner).Prepend(e) : [e];

    [GeneratedRegex("data-testid=\"invitation-link\">[^<]*<code>([^<]+)</code>")]
    private static partial Regex InvitationLink();
}
