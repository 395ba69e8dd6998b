using System.Net;
using System.Text.Json.Nodes;
using Cooperation.Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Cooperation.Bot.Tests;

/// <summary>Status codes and bad input on POST /api/messages, in local test mode (no app id, loopback caller).</summary>
public sealed class MessagesEndpointTests : LocalBotTest
{
    [Fact]
    public async Task WithoutAnAppIdUnsignedActivitiesFromThisMachineAreAcceptedAndAWarningIsLogged()
    {
        using var response = await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Connector.Messages);
        Assert.Contains(Bot.Logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("local test mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAnAppIdOrLocalModeEveryActivityIsRefused()
    {
        await using var bot = await BotHost.StartAsync(Token, new Dictionary<string, string?> { ["Bot:AllowUnsignedLocal"] = "false" });

        using var response = await bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Connector.Messages);
        Assert.Empty(bot.Backend.References);
    }

    [Fact]
    public async Task AnUnsignedActivityIsNeverAnsweredAsTheLinkedAccountItNames()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, "How long is the priority period for patents?");
        activity["from"]!["aadObjectId"] = "aad-of-someone-linked";

        using var response = await Bot.PostAsync(activity, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (user, _) = Assert.Single(Bot.Backend.Questions);
        Assert.Null(user.AadObjectId);
    }

    [Fact]
    public async Task ATurnLongerThanTheBudgetGetsItsOkInTimeAndItsReplyAfterwards()
    {
        await using var bot = await BotHost.StartAsync(Token, new Dictionary<string, string?> { ["Bot:TurnResponseBudget"] = "00:00:00.200" });
        var slowModel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.Backend.AskGate = slowModel;

        // The question is held until the test lets it go, so a bot that waited for the turn would never answer.
        using var response = await bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "How long is the priority period for patents?"), Token)
            .WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Connector.Messages, call => call.Activity!["text"]!.GetValue<string>().Contains("twelve months", StringComparison.Ordinal));

        slowModel.SetResult();
        var reply = await Connector.WaitForMessageAsync(call => call.Activity!["text"]!.GetValue<string>().Contains("twelve months", StringComparison.Ordinal), Token);
        Assert.Equal("message", reply.Activity!["type"]!.GetValue<string>());
        Assert.Contains(bot.Logs.Entries, entry => entry.Message.Contains("taking longer than", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAnAppIdAnActivityNamingARemoteServiceUrlIsRejected()
    {
        using var response = await Bot.PostAsync(Activities.Message("https://smba.trafficmanager.net/emea/", "help"), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Bot.Backend.References);
    }

    [Fact]
    public async Task WithoutAnAppIdAnActivityForwardedByAProxyIsRejected()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(Activities.Message(Connector.ServiceUrlText, "help").ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await Bot.Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Connector.Calls);
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestWithoutAStackTrace()
    {
        using var response = await Bot.PostRawAsync("{\"type\":\"message\", \"text\": ", Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "not a JSON activity");
    }

    [Fact]
    public async Task ABodyThatIsNotAnObjectIsABadRequest()
    {
        using var response = await Bot.PostRawAsync("[1,2,3]", Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "not a JSON activity");
    }

    [Fact]
    public async Task AnEmptyBodyIsABadRequest()
    {
        using var response = await Bot.PostRawAsync(string.Empty, Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "empty");
    }

    [Fact]
    public async Task AnActivityWithoutATypeIsABadRequest()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, "hello");
        activity.Remove("type");

        using var response = await Bot.PostAsync(activity, Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "type");
    }

    [Fact]
    public async Task AnActivityMissingConversationAndSenderIsABadRequestNamingThem()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, "hello");
        activity.Remove("conversation");
        activity.Remove("from");

        using var response = await Bot.PostAsync(activity, Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "conversation.id, from.id");
    }

    [Fact]
    public async Task AServiceUrlThatIsNotAnHttpUrlIsABadRequest()
    {
        var activity = Activities.Message("file:///etc/passwd", "hello");

        using var response = await Bot.PostAsync(activity, Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "serviceUrl");
    }

    [Fact]
    public async Task AFieldOfTheWrongJsonKindIsABadRequest()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, "hello");
        activity["text"] = new JsonObject { ["nested"] = true };

        using var response = await Bot.PostAsync(activity, Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "$.text");
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedAsTooLarge()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, new string('x', 600 * 1024));

        using var response = await Bot.PostAsync(activity, Token);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than");
    }

    [Fact]
    public async Task AnUnknownActivityTypeIsAcknowledgedAndIgnored()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, "hello");
        activity["type"] = "somethingNew";

        using var response = await Bot.PostAsync(activity, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Connector.Calls);
        Assert.Empty(Bot.Backend.Questions);
    }

    [Fact]
    public async Task AnUnknownInvokeNameIsNotImplemented()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, "hello");
        activity["type"] = "invoke";
        activity["name"] = "composeExtension/query";

        using var response = await Bot.PostAsync(activity, Token);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(Connector.Calls);
    }

    [Fact]
    public async Task AFeedbackInvokeWithAnUnknownReactionIsABadRequestAndStoresNothing()
    {
        var activity = Activities.Feedback(Connector.ServiceUrlText, "love", "x");

        using var response = await Bot.PostAsync(activity, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Bot.Backend.Feedback);
    }

    [Fact]
    public async Task MethodsOtherThanPostAreNotAllowed()
    {
        using var get = await Bot.Client.GetAsync("api/messages", Token);
        using var put = await Bot.Client.PutAsync("api/messages", new StringContent("{}"), Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }

    [Fact]
    public async Task TheEndpointKeepsServingAfterBadInput()
    {
        using (await Bot.PostRawAsync("{oops", Token))
        using (await Bot.PostRawAsync("{\"type\":5}", Token))
        using (await Bot.PostRawAsync("{\"type\":\"invoke\",\"name\":\"x\"}", Token))
        {
        }

        var activity = Activities.Message(Connector.ServiceUrlText, "What is the priority period for industrial designs?");
        using var response = await Bot.PostAsync(activity, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(Connector.Messages);
        Assert.Contains("six months", reply.Activity!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPropertiesOfTheActivityAreKeptWhenItIsEchoed()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, "help");
        activity["conversation"]!["customField"] = "kept";
        activity["deliveryMode"] = "expectReplies";

        using var response = await Bot.PostAsync(activity, Token);

        var body = await BotHost.ReadJsonAsync(response, Token);
        var reply = Assert.Single(body!["activities"]!.AsArray());
        Assert.Equal("kept", reply!["conversation"]!["customField"]!.GetValue<string>());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var problem = JsonNode.Parse(text)!;
        Assert.Contains(detailPart, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
