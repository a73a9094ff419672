using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Nguon.Domain;
using Nguon.Silo.Api;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Limits;

/// <summary>The text caps cover the whole API, not a list kept by hand: every endpoint the silo maps that binds a command
/// body runs <see cref="BoundedTextFilter"/>, and every text field and list of those bodies is in
/// <see cref="TextLimits.Table"/>. The app is built (not started) to read its endpoints.</summary>
public sealed class EndpointBodyTests
{
    [Fact]
    public async Task Every_endpoint_with_a_command_body_caps_its_text_and_every_field_has_a_cap()
    {
        using var directory = new TempFolder("nguon-endpoints-");
        await using var app = await NguonHost.BuildAsync(
        [
            $"--Nguon:SqlitePath={Path.Combine(directory.Path, "nguon.db")}", "--Logging:LogLevel:Default=Warning",
            $"--Nguon:BootstrapKey={ApiKeys.Generate().Token}",
        ]);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var withBodies = endpoints
            .Select(e => (Endpoint: e, Body: e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType))
            .Where(e => e.Body is not null && TextLimits.IsBody(e.Body))
            .ToList();
        Assert.True(withBodies.Count >= 14, $"only {withBodies.Count} endpoints with a command body found");
        var uncapped = withBodies.Where(e => e.Endpoint.Metadata.GetMetadata<BoundedTextFilter.Marker>() is null)
            .Select(e => e.Endpoint.DisplayName).ToList();
        Assert.True(uncapped.Count == 0, $"endpoints without the text caps: {string.Join(", ", uncapped)}");
        var missing = withBodies.SelectMany(e => TextLimits.Fields(e.Body!)).Distinct().Where(f => !TextLimits.Table.ContainsKey(f))
            .Select(f => $"{f.Type.Name}.{f.Property}").ToList();
        Assert.True(missing.Count == 0, $"not in TextLimits.Table: {string.Join(", ", missing)}");
    }
}
