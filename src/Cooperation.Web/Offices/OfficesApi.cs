using Cooperation.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cooperation.Web.Offices;

public static class OfficesApi
{
    public static IEndpointRouteBuilder MapOfficesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/offices").WithTags("Offices");

        group.MapGet("/", async (OfficeService offices, CancellationToken ct) => TypedResults.Ok(await offices.ListAsync(ct)))
            .WithSummary("Lists the partner offices.");

        group.MapPost("/", async Task<Created<OfficeDto>> (OfficeInput input, OfficeService offices, CancellationToken ct) =>
            {
                var office = await offices.CreateAsync(input, ct);
                return TypedResults.Created($"/api/offices/{office.Id}", office);
            })
            .RequireAuthorization(Policies.Administrator)
            .WithSummary("Adds a partner office (administrators).");

        group.MapPut("/{officeId:guid}", async Task<Results<Ok<OfficeDto>, NotFound>> (Guid officeId, OfficeInput input, OfficeService offices, CancellationToken ct) =>
                await offices.UpdateAsync(officeId, input, ct) is { } office ? TypedResults.Ok(office) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Administrator)
            .WithSummary("Changes a partner office (administrators).");

        return endpoints;
    }

    public static IServiceCollection AddOffices(this IServiceCollection services) => services.AddScoped<OfficeService>();
}
