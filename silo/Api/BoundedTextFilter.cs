using Nguon.Domain;

namespace Nguon.Silo.Api;

/// <summary>Refuses a command body with text over its cap (<see cref="TextLimits"/>) before any grain is called: 400
/// <c>input.too-long</c> (or <c>input.too-many</c> for a list) naming each field, and nothing changes.</summary>
public sealed class BoundedTextFilter : IEndpointFilter
{
    /// <summary>Endpoint metadata saying the filter runs there (a test checks every endpoint that takes a body has it).</summary>
    public sealed class Marker;

    public static readonly Marker Metadata = new();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is null || !TextLimits.IsBody(argument.GetType())) continue;
            if (TextLimits.Check(argument) is { Count: > 0 } violations)
                return ValueTask.FromResult<object?>(ApiResults.Problem(StatusCodes.Status400BadRequest, violations));
        }
        return next(context);
    }
}

public static class InputChecks
{
    /// <summary>Route identifiers checked (<see cref="ValidIdsFilter"/>) and body text capped (<see cref="BoundedTextFilter"/>)
    /// before the handler runs: one line on every endpoint group.</summary>
    public static TBuilder WithInputChecks<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ValidIdsFilter>().AddEndpointFilter<TBuilder, BoundedTextFilter>()
            .WithMetadata(BoundedTextFilter.Metadata);
}
