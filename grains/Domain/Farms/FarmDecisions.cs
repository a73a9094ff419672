using Nguon.Model;
using Decided = Nguon.Model.Outcome<Nguon.Domain.Change<Nguon.Model.Farm>>;

namespace Nguon.Domain.Farms;

/// <summary>Registering a farm and deciding on its GI authorisations: who may, what is refused and why, and the
/// farm record that results. Pure: the grain loads, calls one of these, and stores what it returns.</summary>
public static class FarmDecisions
{
    public const int MaxAuthorisations = 20;
    /// <summary>Status changes kept per authorisation.</summary>
    public const int MaxStatusHistory = 51;

    /// <param name="replay">The same operation registered the farm before: answer with it again.</param>
    public static Decided Register(Farm? current, string code, RegisterFarm command, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.RegisterFarm(actor, command.Owner) is { } denied) return Decided.Forbidden(denied);
        if (current is not null)
            return replay ? Change<Farm>.Replay(current) : Refusal.Conflict<Change<Farm>>(Exists(code));
        if (CheckRegistration(command) is { Count: > 0 } invalid) return Decided.Rejected(invalid);
        return Change<Farm>.New(new Farm(code, command.Name, command.Owner, command.Address, command.LocationGeoJson,
            command.AreaHa, command.Crops ?? [], [], [], now));
    }

    public static Violation Exists(string code) => new("farm.exists", $"farm {code} is already registered");

    public static List<Violation> CheckRegistration(RegisterFarm command)
    {
        var v = new List<Violation>();
        if (string.IsNullOrWhiteSpace(command.Name) || string.IsNullOrWhiteSpace(command.Owner))
            v.Add(new("input.name", "a farm has a name and an owner or cooperative"));
        if (command.Address is not { } address || string.IsNullOrWhiteSpace(address.Commune) || string.IsNullOrWhiteSpace(address.Province))
            v.Add(new("input.address", "a farm has a commune, district and province"));
        if (!Geo.TryParse(command.LocationGeoJson, Geo.LocationTypes, out _, out var error))
            v.Add(new("input.geojson", $"location: {error}"));
        if (command.AreaHa <= 0 || command.AreaHa > 100_000) v.Add(new("input.area", "area in ha must be positive"));
        return v;
    }

    /// <summary>Authorising a farm for a GI (the certificate loaded first, null when it is not registered). A
    /// new decision with the same GI and start replaces the old one.</summary>
    public static Decided Authorise(
        Farm? current, string code, AuthoriseFarm command, Certificate? cert, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "authorise farms") is { } denied) return Decided.Forbidden(denied);
        if (current is null) return Refusal.NotFound<Change<Farm>>(Unknown.Farm(code));
        if (replay) return Change<Farm>.Replay(current);
        var v = GiRules.CheckAuthorisation(current, cert, command, now);
        if (current.Authorisations.Count >= MaxAuthorisations)
            v.Add(new("input.authorisations", $"a farm holds at most {MaxAuthorisations} authorisations"));
        if (v.Count > 0) return Decided.Rejected(v);
        var others = current.Authorisations.Where(a => a.GiNumber != command.GiNumber || a.ValidFrom != command.ValidFrom);
        var granted = new GiAuthorisation(command.GiNumber, command.ValidFrom, command.ValidTo, command.DecisionReference,
            CertificateStatus.Active, []);
        return Change<Farm>.New(current with { Authorisations = [.. others, granted] });
    }

    /// <summary>Suspending, reinstating or revoking a farm's right to use a GI: the change applies to every
    /// authorisation it holds for that GI (a revoked one stays revoked).</summary>
    public static Decided ChangeAuthorisation(
        Farm? current, string code, string giNumber, ChangeStatus command, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "change farm authorisations") is { } denied) return Decided.Forbidden(denied);
        if (current is null) return Refusal.NotFound<Change<Farm>>(Unknown.Farm(code));
        if (replay) return Change<Farm>.Replay(current);
        if (current.Authorisations.LastOrDefault(a => a.GiNumber == giNumber) is not { } latest)
            return Refusal.NotFound<Change<Farm>>(
                new("authorisation.unknown", $"farm {code} holds no authorisation for GI {giNumber}"));
        if (GiRules.CheckStatusChange(latest.Status, command, $"the authorisation of {code} for GI {giNumber}") is { Count: > 0 } v)
            return Decided.Rejected(v);
        var entry = GiRules.StatusEntry(command, actor, now);
        return Change<Farm>.New(current with
        {
            Authorisations = [.. current.Authorisations.Select(a => a.GiNumber != giNumber || a.Status == CertificateStatus.Revoked
                ? a
                : a with { Status = command.Status, StatusHistory = GiRules.WithEntry(a.StatusHistory, entry, MaxStatusHistory) })],
        });
    }
}
