using Microsoft.Extensions.Options;
using Nguon.Silo.Hosting;
using Orleans.Configuration;

namespace Nguon.Silo.ReadModel;

public static class ReadModelServices
{
    /// <summary>The read model's writer, sweep and watermark for the silo's store (its grain storage decorator is added
    /// with the storage: <see cref="SiloConfiguration.AddNguonGrainStorage"/>).</summary>
    public static IServiceCollection AddNguonReadModel(this IServiceCollection services, NguonOptions options)
    {
        services.AddSingleton(sp => new ReadModelSql(options.Storage, options.StorageConnectionString,
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        services.AddSingleton(sp => new ReadModelStore(sp.GetRequiredService<ReadModelSql>()));
        services.AddSingleton(sp => new ReadModelWriter(sp.GetRequiredService<ReadModelStore>(), sp.GetRequiredService<TimeProvider>(),
            options.Storage == StorageKind.Sqlite ? sp.GetRequiredService<SqliteWriteGate>() : null,
            sp.GetRequiredService<ILogger<ReadModelWriter>>()));
        services.AddSingleton<ReadModelRepair>();
        services.AddSingleton(sp => new ListQueries(sp.GetRequiredService<ReadModelSql>()));
        services.AddSingleton(sp => new Exports.FsmaRange(sp.GetRequiredService<ReadModelSql>(), sp.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<ReadModelWatermark>();
        services.AddSingleton<ReadModelSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadModelSweeper>());
        services.AddSingleton(sp => new Ledger.SeasonQueries(sp.GetRequiredService<ReadModelSql>()));
        services.AddSingleton<Ledger.SeasonReports>();
        SqliteWriteGate? Gate(IServiceProvider sp) =>
            options.Storage == StorageKind.Sqlite ? sp.GetRequiredService<SqliteWriteGate>() : null;
        services.AddSingleton(sp => new Alerts.AlertStore(sp.GetRequiredService<ReadModelSql>(), Gate(sp)));
        services.AddSingleton(sp => new Alerts.ScanMisses(sp.GetRequiredService<ReadModelSql>(), Gate(sp),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Epcis.EpcisEventStore(sp.GetRequiredService<ReadModelSql>(), Gate(sp)));
        services.AddSingleton<Epcis.LoadedWorld>();
        services.AddSingleton<Epcis.EpcisApply>();
        services.AddSingleton<Epcis.EpcisCapture>();
        services.AddSingleton(sp => new Epcis.EpcisQueryStore(sp.GetRequiredService<ReadModelSql>()));
        services.AddSingleton<Epcis.NguonEventForms>();
        services.AddSingleton<Epcis.EpcisProjector>();
        services.AddHostedService(sp => sp.GetRequiredService<Epcis.EpcisProjector>());
        services.AddSingleton<Alerts.AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<Alerts.AlertEvaluator>());
        return services;
    }
}
