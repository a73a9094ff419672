using Microsoft.Extensions.Options;
using Nguon.Idempotency;
using Nguon.Log;
using Nguon.Organisations;
using Nguon.Silo.Documents;
using Nguon.Silo.Dossiers;
using Orleans.Configuration;

namespace Nguon.Silo.Hosting;

/// <summary>Every section the silo reads, validated. The host needs some of them before it is built (schema
/// migration, storage, the document store and signing keys), so they are read once here with the validators that
/// <c>ValidateOnStart</c> runs again; consumers take <c>IOptions&lt;T&gt;</c>.</summary>
public sealed record NguonSettings(
    NguonOptions Nguon, DocumentOptions Documents, SigningOptions Signing, ClusterMembershipOptions Membership, LogOptions Log,
    AuditOptions Audit, IdempotencyOptions Idempotency, RateLimitOptions RateLimits)
{
    /// <summary>The settings, or the first wrong one as a one-line <see cref="SettingsException"/>.</summary>
    public static NguonSettings Read(IConfiguration configuration)
    {
        var nguon = SettingsBinder.Read(configuration, NguonOptionsValidator.Section, new NguonOptionsValidator());
        // Checked here too, so a wrong read-model setting stops the silo with one line (its services bind it themselves).
        SettingsBinder.Read(configuration, ReadModel.ReadModelOptions.Section, new ReadModel.ReadModelOptionsValidator(), closed: true);
        return new(nguon,
            SettingsBinder.Read(configuration, DocumentOptions.Section, new DocumentOptionsValidator(), closed: true),
            SettingsBinder.Read(configuration, SigningOptions.Section, new SigningOptionsValidator(nguon.DataDirectory), closed: true),
            SettingsBinder.Read(configuration, MembershipOptionsValidator.Section, new MembershipOptionsValidator(), closed: true),
            SettingsBinder.Read(configuration, LogOptions.Section, new LogOptionsValidator(), closed: true),
            SettingsBinder.Read(configuration, AuditOptions.Section, new AuditOptionsValidator(), closed: true),
            SettingsBinder.Read(configuration, IdempotencyOptions.Section, new IdempotencyOptionsValidator(), closed: true),
            SettingsBinder.Read(configuration, RateLimitOptions.Section, new RateLimitOptionsValidator(), closed: true));
    }
}

public static class NguonSettingsServices
{
    /// <summary>Each section as <c>IOptions&lt;T&gt;</c> validated at start, and (for code that takes the options
    /// themselves) as the validated value.</summary>
    public static IServiceCollection AddNguonSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings(configuration, NguonOptionsValidator.Section, _ => new NguonOptionsValidator());
        services.AddSettings(configuration, DocumentOptions.Section, _ => new DocumentOptionsValidator());
        services.AddSettings(configuration, SigningOptions.Section,
            sp => new SigningOptionsValidator(sp.GetRequiredService<IOptions<NguonOptions>>().Value.DataDirectory));
        services.AddSettings(configuration, LogOptions.Section, _ => new LogOptionsValidator());
        services.AddSettings(configuration, AuditOptions.Section, _ => new AuditOptionsValidator());
        services.AddSettings(configuration, IdempotencyOptions.Section, _ => new IdempotencyOptionsValidator());
        services.AddSettings(configuration, RateLimitOptions.Section, _ => new RateLimitOptionsValidator());
        services.AddSettings(configuration, ReadModel.ReadModelOptions.Section, _ => new ReadModel.ReadModelOptionsValidator());
        services.AddSettings(configuration, Alerts.AlertOptions.Section, _ => new Alerts.AlertOptionsValidator());
        services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, MembershipOptionsValidator>();
        services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(MembershipOptionsValidator.Section))
            .ValidateOnStart();
        return services;
    }
}
