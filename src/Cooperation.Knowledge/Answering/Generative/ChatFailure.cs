using System.ClientModel;
using System.Globalization;
using System.Net.Http;
using Microsoft.SemanticKernel;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>Turns what went wrong with the chat endpoint into a sentence an operator or a reader can act on.</summary>
internal static class ChatFailure
{
    private const string Fallback = "; the answer was taken from the materials without it.";

    public static string TimedOut(TimeSpan timeout) =>
        "The chat endpoint did not answer within " + timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " seconds" + Fallback;

    public static string NotInFormat => "The chat endpoint's reply was not in the expected claim/passage/quote format" + Fallback;

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (StatusOf(exception) is { } status)
        {
            return "The chat endpoint returned HTTP " + status.ToString(CultureInfo.InvariantCulture) + Fallback;
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException request)
            {
                return "The chat endpoint could not be reached (" + request.Message.TrimEnd('.') + ")" + Fallback;
            }
        }

        return "The chat endpoint's reply could not be read (" + exception.Message.TrimEnd('.') + ")" + Fallback;
    }

    private static int? StatusOf(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case HttpOperationException { StatusCode: { } code }:
                    return (int)code;
                case ClientResultException { Status: > 0 } result:
                    return result.Status;
            }
        }

        return null;
    }
}
