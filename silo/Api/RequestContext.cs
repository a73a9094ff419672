using System.Security.Claims;
using Nguon.Model;

namespace Nguon.Silo.Api;

public static class RequestContext
{
    public const string Anonymous = "anonymous";

    /// <summary>The authenticated organisation and its roles, from the API key; never from a request body.</summary>
    public static Actor Actor(this HttpContext http) =>
        http.User.FindFirst(ApiKeyAuthentication.OrganisationClaim)?.Value is { } org
            ? new Actor(org, [.. http.User.FindAll(ClaimTypes.Role).Select(c => Enum.Parse<Role>(c.Value))])
            : new Actor(Anonymous, []);
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
                    [new Violation("input.id", $"'{id}' is not a valid {name}: use 1–{Ids.MaxLength} letters, digits, '.', '_' or '-'")]));
        }
        return next(context);
    }
}
