using Nguon.Model;

namespace Nguon.Silo.Api;

public static class RequestContext
{
    public const string OrganisationHeader = "X-Nguon-Organisation";

    /// <summary>The acting organisation. Until API keys exist this is the X-Nguon-Organisation header (or
    /// "anonymous"); it is never read from a request body.</summary>
    public static Actor Actor(this HttpContext http) =>
        http.Request.Headers[OrganisationHeader].ToString() is { Length: > 0 } org && Ids.IsValid(org)
            ? new Actor(org)
            : new Actor("anonymous");
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
