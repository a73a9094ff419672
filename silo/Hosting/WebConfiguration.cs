using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Nguon.Model;
using Nguon.Silo.Api;
using Nguon.Silo.Exports;
using Nguon.Silo.Inspect;
using Nguon.Silo.Labels;
using Nguon.Silo.ReadModel;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

public static class WebConfiguration
{
    /// <summary>Largest request body accepted (a GI protected area with detailed borders fits well within it).</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddNguonApi(this WebApplicationBuilder builder, NguonOptions options)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // A body missing a required field or sending null for one is malformed, not a half-filled command.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        // Binding failures surface as exceptions so their message (which field, which line) reaches the client.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var error = context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is BadHttpRequestException bad)
                context.ProblemDetails.Detail = bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
            else if (error is InconsistentStateException)
            {
                context.ProblemDetails.Detail = "another write to the same record happened at the same time; nothing was changed, retry "
                    + "the request";
                context.ProblemDetails.Type = "urn:nguon:rule:storage.conflict";
            }
            // Kestrel's size and media-type refusals reach here without an exception to describe them.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => $"the request body exceeds {MaxBodyBytes} bytes (1 MiB)",
                StatusCodes.Status415UnsupportedMediaType => "send the request body as application/json",
                StatusCodes.Status404NotFound => "no such resource",
                StatusCodes.Status405MethodNotAllowed => "this resource does not accept that method",
                _ => null,
            };
        });
        builder.Services.AddSingleton<AuditBuffer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditBuffer>());
        builder.Services.AddNguonResponseCompression();
        builder.Services.AddNguonRateLimits();
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions,
                ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddOperatorsDashboardPolicy();
        builder.Services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<StoppingHealthCheck>("stopping", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapNguonApi(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                InconsistentStateException => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.UseHostCheck();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<AuditTrail>();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live",
            new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready",
            new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapCertificates();
        app.MapSeasons();
        app.MapAlerts();
        app.MapFarms();
        app.MapBatches();
        app.MapOrganisations();
        app.MapReadModel();
        app.MapDigitalLinks();
        app.MapProducts();
        app.MapLabels();
        app.MapLabelAssets();
        app.MapChainView();
        app.MapInspectorPages();
        app.MapDocuments();
        app.MapDossiers();
        app.MapExports();
        app.MapLog();
        Epcis.EpcisEndpoints.MapEpcis(app);
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NguonOptions>>().Value.Dashboard)
            app.MapOperatorsDashboard();
        app.MapGet("/", () => TypedResults.Redirect("/openapi/v1.json")).ExcludeFromDescription();
        return app;
    }
}
