using Nguon.ServiceDefaults;
using Nguon.Silo.Demo;
using Nguon.Silo.Documents;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Nguon.Silo.Hosting;

/// <summary>Builds the silo with its HTTP API; Program runs it, tests build it with their own additions.</summary>
public static class NguonHost
{
    public const string ServiceName = "nguon-silo";

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
        var options = builder.Configuration.GetSection("Nguon").Get<NguonOptions>() ?? new NguonOptions();
        options.Demo |= args.Contains("--demo");

        await SchemaMigrator.ApplyAsync(options);
        builder.UseOrleans(silo => silo.UseNguonStorage(options).ConfigureMembership(builder.Configuration).AddActivityPropagation());
        builder.Services.AddNguonTelemetry(builder.Configuration, ServiceName,
            tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health")),
            metrics => metrics.AddAspNetCoreInstrumentation());
        builder.AddNguonApi(options);
        builder.AddNguonDocuments(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<BootstrapAdmin>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BootstrapAdmin>());
        if (options.Demo) builder.Services.AddHostedService<DemoDataLoader>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapNguonApi();
        return app;
    }
}
