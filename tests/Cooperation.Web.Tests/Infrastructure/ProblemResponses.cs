using System.Net;

namespace Cooperation.Web.Tests.Infrastructure;

public static class ProblemResponses
{
    /// <summary>The response is ProblemDetails with this status, and its text says <paramref name="expected"/> (in any case).</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {status}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, body, StringComparison.OrdinalIgnoreCase);
    }
}
