using Nguon.Log;
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

    /// <summary>The command-line switch that loads the demo data set (the same as Nguon:Demo=true).</summary>
    public const string DemoSwitch = "--demo";

    /// <summary>The process's exit code when a setting is wrong (it prints one line naming the setting).</summary>
    public const int BadSettingExitCode = 2;

    /// <exception cref="SettingsException">A setting is wrong: its message is one line naming it.</exception>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder([.. args.Select(a => a == DemoSwitch ? "--Nguon:Demo=true" : a)]);
        var settings = NguonSettings.Read(builder.Configuration);

        await SchemaMigrator.ApplyAsync(settings.Nguon);
        builder.UseOrleans(silo =>
        {
            silo.UseNguonStorage(settings.Nguon).AddNguonLog().AddActivityPropagation();
            if (settings.Nguon.Dashboard) silo.AddOperatorsDashboard();
        });
        builder.Services.AddNguonSettings(builder.Configuration);
        builder.Services.AddNguonTelemetry(builder.Configuration, ServiceName,
            tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health")),
            metrics => metrics.AddAspNetCoreInstrumentation());
        builder.AddNguonApi(settings.Nguon);
        builder.AddNguonDocuments(settings);
        builder.Services.AddSingleton<BootstrapAdmin>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BootstrapAdmin>());
        builder.Services.AddHostedService<IdempotencySweeper>();
        if (settings.Nguon.Demo) builder.Services.AddHostedService<DemoDataLoader>();
        builder.Services.AddStartupWarmUp();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapNguonApi();
        return app;
    }
}
