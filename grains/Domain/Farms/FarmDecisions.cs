using Nguon.Model;
using Decided = Nguon.Model.Outcome<Nguon.Domain.Change<Nguon.Domain.Logged<Nguon.Model.Farm, Nguon.Model.FarmEntry>>>;

namespace Nguon.Domain.Farms;

/// <summary>Registering a farm and deciding on its GI authorisations: who may, what is refused and why, and the log
/// entry that records the change with the farm that results (<see cref="FarmChain"/>). Pure: the grain loads, calls one
/// of these, and appends what it returns.</summary>
public static class FarmDecisions
{
    public const int MaxAuthorisations = 20;

    /// <param name="log">The farm's log as stored (empty when it is not registered).</param>
    /// <param name="replay">The same operation registered the farm before: answer with it again.</param>
    public static Decided Register(IReadOnlyList<FarmEntry> log, string code, RegisterFarm command, Actor actor, DateTimeOffset now,
        bool replay)
    {
        if (Permissions.RegisterFarm(actor, command.Owner) is { } denied) return Decided.Forbidden(denied);
        if (FarmChain.Fold(code, log) is { } current)
            return replay ? Replay(current) : Refusal.Conflict<Change<Logged<Farm, FarmEntry>>>(Exists(code));
        if (CheckRegistration(command) is { Count: > 0 } invalid) return Decided.Rejected(invalid);
        return Record(null, code, FarmChain.Next(log, code, FarmEntryKind.Registered, now, actor,
            registration: command with { Crops = command.Crops ?? [] }));
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
    public static Decided Authorise(IReadOnlyList<FarmEntry> log, string code, AuthoriseFarm command, Certificate? cert, Actor actor,
        DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "authorise farms") is { } denied) return Decided.Forbidden(denied);
        if (FarmChain.Fold(code, log) is not { } current) return Refusal.NotFound<Change<Logged<Farm, FarmEntry>>>(Unknown.Farm(code));
        if (replay) return Replay(current);
        var v = GiRules.CheckAuthorisation(current, cert, command, now);
        if (current.Authorisations.Count >= MaxAuthorisations)
            v.Add(new("input.authorisations", $"a farm holds at most {MaxAuthorisations} authorisations"));
        if (v.Count > 0) return Decided.Rejected(v);
        if (Full(log, code) is { } full) return full;
        return Record(current, code, FarmChain.Next(log, code, FarmEntryKind.Authorised, now, actor, authorisation: command));
    }

    /// <summary>Suspending, reinstating or revoking a farm's right to use a GI: the change applies to every
    /// authorisation it holds for that GI (a revoked one stays revoked).</summary>
    public static Decided ChangeAuthorisation(IReadOnlyList<FarmEntry> log, string code, string giNumber, ChangeStatus command,
        Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.Authority(actor, "change farm authorisations") is { } denied) return Decided.Forbidden(denied);
        if (FarmChain.Fold(code, log) is not { } current) return Refusal.NotFound<Change<Logged<Farm, FarmEntry>>>(Unknown.Farm(code));
        if (replay) return Replay(current);
        if (current.Authorisations.LastOrDefault(a => a.GiNumber == giNumber) is not { } latest)
            return Refusal.NotFound<Change<Logged<Farm, FarmEntry>>>(
                new("authorisation.unknown", $"farm {code} holds no authorisation for GI {giNumber}"));
        if (GiRules.CheckStatusChange(latest.Status, command, $"the authorisation of {code} for GI {giNumber}") is { Count: > 0 } v)
            return Decided.Rejected(v);
        if (Full(log, code) is { } full) return full;
        return Record(current, code, FarmChain.Next(log, code, FarmEntryKind.AuthorisationChanged, now, actor, giNumber: giNumber,
            change: GiRules.StatusEntry(command, actor, now)));
    }

    private static Decided? Full(IReadOnlyList<FarmEntry> log, string code) =>
        log.Count >= HashChain.MaxEntries ? Refusal.Conflict<Change<Logged<Farm, FarmEntry>>>(HashChain.Full($"farm {code}")) : null;

    /// <summary>The entry to append and the farm after it (the fold's next step).</summary>
    private static Decided Record(Farm? current, string code, FarmEntry entry) =>
        Change<Logged<Farm, FarmEntry>>.New(new(FarmChain.Apply(current, code, entry)!, entry));

    private static Decided Replay(Farm current) => Change<Logged<Farm, FarmEntry>>.Replay(new(current, null));
}
