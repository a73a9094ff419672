using Nguon.Infrastructure;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Certificates;

/// <summary>Persisted state of a GI certificate. Bounded: the certificate and its status history (capped);
/// it keeps no list of authorised farms — each farm holds its own authorisation.</summary>
public sealed class CertificateState
{
    public Certificate? Certificate { get; set; }

    /// <summary>The operation (idempotency key) that registered the certificate, so a retried registration gets
    /// the certificate back instead of a conflict.</summary>
    public string? RegisteredBy { get; set; }

    /// <summary>The last status-change operations applied (at most <see cref="Nguon.Infrastructure.RecentOperations.Kept"/>),
    /// so a retry after a silo failure adds no second history entry.</summary>
    public List<string> RecentOperations { get; set; } = [];
}

[GrainType("certificate")]
public sealed class CertificateGrain(
    [PersistentState("certificate", Storage.Name)] IPersistentState<CertificateState> state,
    TimeProvider clock) : Grain, ICertificateGrain
{
    public const int MaxHistory = 200;

    private string Number => this.GetPrimaryKeyString();

    public Task<Certificate?> Get() => Task.FromResult(state.State.Certificate);

    public async Task<Outcome<Certificate>> Register(RegisterCertificate command, Actor actor, string? operationId = null)
    {
        if (Permissions.Authority(actor, "register GI certificates") is { } denied) return Outcome<Certificate>.Forbidden(denied);
        if (state.State.Certificate is { } registered)
            return operationId is not null && state.State.RegisteredBy == operationId
                ? Outcome<Certificate>.Ok(registered)
                : Outcome<Certificate>.Conflict("certificate.exists", $"GI {Number} is already registered");
        var v = CertificateValidation.Check(command);
        if (v.Count > 0) return Outcome<Certificate>.Rejected(v);
        state.State.Certificate = Build(command, clock.GetUtcNow());
        state.State.RegisteredBy = operationId;
        await state.WriteStateAsync();
        return Outcome<Certificate>.Ok(state.State.Certificate);
    }

    public async Task<Outcome<Certificate>> ChangeStatus(ChangeStatus command, Actor actor, string? operationId = null)
    {
        if (Permissions.Authority(actor, "change the status of a GI certificate") is { } denied) return Outcome<Certificate>.Forbidden(denied);
        if (state.State.Certificate is not { } cert) return Outcome<Certificate>.NotFound("certificate.unknown", $"GI {Number} is not registered");
        if (state.State.RecentOperations.Applied(operationId)) return Outcome<Certificate>.Ok(cert);
        var v = GiRules.CheckStatusChange(cert.Status, command, $"GI {Number}");
        if (v.Count > 0) return Outcome<Certificate>.Rejected(v);
        var change = new StatusChange(command.EffectiveAt ?? clock.GetUtcNow(), command.Status, command.Reason, actor.Organisation);
        state.State.Certificate = cert with
        {
            Status = command.Status,
            StatusHistory = [.. cert.StatusHistory.TakeLast(MaxHistory - 1), change],
        };
        state.State.RecentOperations = state.State.RecentOperations.With(operationId);
        await state.WriteStateAsync();
        return Outcome<Certificate>.Ok(state.State.Certificate);
    }

    private Certificate Build(RegisterCertificate c, DateTimeOffset now) => new(
        Number, c.Name, c.Product, c.Varieties ?? [], c.Holder, c.ProtectedAreaGeoJson, c.ValidFrom, c.ValidTo, c.Specification,
        c.ForeignRegistrations ?? [], CertificateStatus.Active, [], now);
}
