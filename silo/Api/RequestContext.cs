using System.Security.Claims;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class RequestContext
{
    public const string Anonymous = "anonymous";

    /// <summary>The authenticated organisation, its roles and code space, from the API key; never from a request body.</summary>
    public static Actor Actor(this HttpContext http) =>
        http.User.FindFirst(ApiKeyAuthentication.OrganisationClaim)?.Value is { } org
            ? new Actor(org, [.. http.User.FindAll(ClaimTypes.Role).Select(c => Enum.Parse<Role>(c.Value))],
                http.User.FindFirst(ApiKeyAuthentication.CodeSpaceClaim)?.Value)
            : new Actor(Anonymous, []);
}

/// <summary>What most handlers take (<c>[AsParameters]</c>): the grains and the request, which gives the acting
/// (or reading) organisation and the operation id of an idempotent retry.</summary>
public sealed record GrainRequest(IGrainFactory Grains, HttpContext Http)
{
    public Actor Actor => Http.Actor();
    public string? OperationId => Http.OperationId();
    public ITraceGrain Trace => Grains.GetGrain<ITraceGrain>(0);
    public IBatchGrain Batch(string code) => Grains.GetGrain<IBatchGrain>(code);
    public IFarmGrain Farm(string code) => Grains.GetGrain<IFarmGrain>(code);
}

/// <summary>Rejects route identifiers with odd characters before any grain is touched.</summary>
public sealed class ValidIdsFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (value is string id && !Ids.IsValid(id))
                return ValueTask.FromResult<object?>(ApiResults.Problem(StatusCodes.Status400BadRequest,
                    [Domain.InputRules.Id(id, name)!]));
        }
        return next(context);
    }
}
