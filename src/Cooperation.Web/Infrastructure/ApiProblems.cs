using System.Reflection;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// The API's error contract as /openapi/v1.json shows it: every operation lists the ProblemDetails answers
/// (<c>application/problem+json</c>) it can give. Most follow from what the endpoint already declares, and are derived
/// from it here so that the contract cannot drift from the rules that produce it:
/// <list type="bullet">
/// <item>400: a write (the anti-forgery check, the body) or a query parameter that must parse;</item>
/// <item>401: any endpoint that is not anonymous;</item>
/// <item>403: the administrator policy, or a workspace requirement above reading;</item>
/// <item>404: a workspace requirement (an unreadable workspace is not found), or an id in the route;</item>
/// <item>409: a workspace requirement that writes (an archived workspace is read-only);</item>
/// <item>429: a rate-limit policy.</item>
/// </list>
/// What only the service knows (a name already taken, a file too large) the endpoint adds with <c>ProducesProblem</c>.
/// </summary>
public static class ApiProblems
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Declares the derived answers on every API endpoint mapped under <paramref name="builder"/>.</summary>
    public static TBuilder WithProblemResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(Declare);
        return builder;
    }

    /// <summary>The 4xx answers the endpoint's own declarations imply.</summary>
    internal static SortedSet<int> Derived(EndpointBuilder endpoint)
    {
        var statuses = new SortedSet<int>();
        var metadata = endpoint.Metadata;
        var methods = metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        var route = (endpoint as RouteEndpointBuilder)?.RoutePattern;
        var workspace = metadata.OfType<WorkspaceRequirement>().ToList();

        if (methods.Any(method => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)) || HasQueryParameters(metadata, route))
        {
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
        }

        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null) || workspace.Any(r => r.Minimum > WorkspaceRole.Observer))
        {
            statuses.Add(StatusCodes.Status403Forbidden);
        }

        if (workspace.Count > 0 || route?.Parameters.Any(p => p.ParameterPolicies.Count > 0) == true)
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        if (workspace.Any(r => r.Writes))
        {
            statuses.Add(StatusCodes.Status409Conflict);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        return statuses;
    }

    private static void Declare(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern } || !pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().ToList();
        var bodiless = declared.Where(d => d.StatusCode is >= 400 and < 500 && !d.ContentTypes.Any()).Select(d => d.StatusCode);
        foreach (var status in Derived(endpoint).Union(bodiless))
        {
            if (declared.Any(d => d.StatusCode == status && d.ContentTypes.Contains(ProblemJson)))
            {
                continue;
            }

            // A typed result such as NotFound declares the status without a body; the body is ProblemDetails all the same
            // (UseStatusCodePages writes one), so the bodiless declaration gives way.
            foreach (var withoutBody in declared.Where(d => d.StatusCode == status))
            {
                endpoint.Metadata.Remove(withoutBody);
            }

            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), [ProblemJson]));
        }
    }

    /// <summary>Simple parameters of the handler that are not in the route come from the query string, and must parse.</summary>
    private static bool HasQueryParameters(IList<object> metadata, RoutePattern? route) =>
        metadata.OfType<MethodInfo>().FirstOrDefault() is { } handler
        && handler.GetParameters().Any(parameter =>
            IsSimple(parameter.ParameterType)
            && route?.GetParameter(parameter.Name!) is null);

    private static bool IsSimple(Type type)
    {
        var bare = Nullable.GetUnderlyingType(type) ?? type;
        return bare.IsPrimitive || bare.IsEnum || bare == typeof(string) || bare == typeof(Guid) || bare == typeof(decimal)
            || bare == typeof(DateTime) || bare == typeof(DateTimeOffset) || bare == typeof(DateOnly) || bare == typeof(TimeOnly);
    }
}
