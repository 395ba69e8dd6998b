using System.Net;
using Cooperation.Bot.Authentication;
using Cooperation.Bot.Protocol;
using Cooperation.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cooperation.Bot.Tests;

public sealed class BotOptionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheSiteDoesNotStartWithAnAppIdButNeitherSecretNorManagedIdentity()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            BotHost.StartAsync(Token, new Dictionary<string, string?> { ["Bot:AppId"] = "5b1e7c1d-1111-4222-8333-944455556666" }));

        Assert.Contains("AppPassword", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bot:TenantId", "contoso", "TenantId")]
    [InlineData("Bot:OpenIdMetadataUrl", "http://keys.example.net/openid", "OpenIdMetadataUrl")]
    [InlineData("Bot:EntraOpenIdMetadataUrl", "not a url", "EntraOpenIdMetadataUrl")]
    [InlineData("Bot:MaxSendAttempts", "0", "MaxSendAttempts")]
    public async Task InvalidSettingsStopTheSiteFromStartingAndNameTheKey(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "5b1e7c1d-1111-4222-8333-944455556666",
            ["Bot:AppPassword"] = "secret",
            ["Bot:TenantId"] = "0c7e1f2a-3b4c-4d5e-8f60-718293a4b5c6",
            [key] = value,
        };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(Token, settings));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretWithoutAnAppIdIsRefused()
    {
        var result = new BotOptionsValidator().Validate(null, new BotOptions { AppPassword = "secret" });

        Assert.True(result.Failed);
        Assert.Contains("AppId is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AManagedIdentityNeedsNoSecretOrTenant()
    {
        var result = new BotOptionsValidator().Validate(null, new BotOptions
        {
            AppId = "5b1e7c1d-1111-4222-8333-944455556666",
            ManagedIdentityClientId = "9a9a9a9a-1111-4222-8333-944455556666",
        });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("203.0.113.7", false)]
    [InlineData("10.1.2.3", false)]
    public async Task WithoutAnAppIdOnlyLoopbackCallersAreAccepted(string caller, bool accepted)
    {
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var authenticator = new BotRequestAuthenticator(
            Options.Create(new BotOptions { AllowUnsignedLocal = true }),
            services.GetRequiredService<IHttpClientFactory>(),
            NullLogger<BotRequestAuthenticator>.Instance);
        var activity = new Activity { Type = "message", ChannelId = "msteams", ServiceUrl = "http://127.0.0.1:1" };

        var result = await authenticator.AuthenticateAsync(null, IPAddress.Parse(caller), forwarded: false, activity, Token);

        Assert.Equal(accepted, result.Succeeded);
        Assert.Equal(accepted, result.Unsigned);
    }

    [Fact]
    public async Task WithoutAnAppIdAndWithoutLocalModeEvenALoopbackCallerIsRefused()
    {
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var authenticator = new BotRequestAuthenticator(
            Options.Create(new BotOptions()),
            services.GetRequiredService<IHttpClientFactory>(),
            NullLogger<BotRequestAuthenticator>.Instance);
        var activity = new Activity { Type = "message", ChannelId = "msteams", ServiceUrl = "http://127.0.0.1:1" };

        var result = await authenticator.AuthenticateAsync(null, IPAddress.Loopback, forwarded: false, activity, Token);

        Assert.False(result.Succeeded);
        Assert.Contains("AllowUnsignedLocal", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalTestModeIsRefusedInProduction()
    {
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };

        var refused = new BotOptionsValidator(production).Validate(null, new BotOptions { AllowUnsignedLocal = true });
        var elsewhere = new BotOptionsValidator(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" })
            .Validate(null, new BotOptions { AllowUnsignedLocal = true });

        Assert.True(refused.Failed);
        Assert.Contains("AllowUnsignedLocal", refused.FailureMessage, StringComparison.Ordinal);
        Assert.True(elsewhere.Succeeded, elsewhere.FailureMessage);
    }
}
