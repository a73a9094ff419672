using Nguon.Domain;
using Nguon.Domain.Products;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Products;

public sealed class CompanyPrefixState
{
    public List<CompanyPrefix> Prefixes { get; set; } = [];
}

/// <summary>The GS1 Company Prefixes that start with this grain's six digits (bounded by
/// <see cref="CompanyPrefixDecisions.MaxPerGrain"/>). Non-reentrant, so the overlap check and the write are one step.</summary>
[GrainType("company-prefix")]
public sealed class CompanyPrefixGrain(
    [PersistentState("company-prefix", Storage.Name)] IPersistentState<CompanyPrefixState> state,
    IGrainFactory grains,
    TimeProvider clock) : RecordGrain(state), ICompanyPrefixGrain
{
    private List<CompanyPrefix> Prefixes => state.State.Prefixes;

    public async Task<Outcome<CompanyPrefix>> Register(string prefix, RegisterPrefix command, Actor actor)
    {
        if (!InGroup(prefix)) return Outcome<CompanyPrefix>.Rejected([CompanyPrefixDecisions.InvalidPrefix(prefix)]);
        var holder = Ids.IsValid(command.Organisation) ? await grains.GetGrain<IOrganisationGrain>(command.Organisation).Get() : null;
        var decided = CompanyPrefixDecisions.Register(Prefixes, prefix, command, holder, actor, clock.GetUtcNow());
        if (decided.IsOk && !Prefixes.Contains(decided.Value!)) await Save(decided.Value!);
        return decided;
    }

    public async Task<Outcome<CompanyPrefix>> License(string prefix, GrantPrefixLicence command, Actor actor)
    {
        var current = Prefixes.FirstOrDefault(p => p.Prefix == prefix);
        var licensee = current is not null && Ids.IsValid(command.Organisation)
            ? await grains.GetGrain<IOrganisationGrain>(command.Organisation).Get()
            : null;
        var decided = CompanyPrefixDecisions.License(current, prefix, command, licensee, actor, clock.GetUtcNow());
        if (decided.IsOk && !ReferenceEquals(decided.Value, current)) await Save(decided.Value!);
        return decided;
    }

    public Task<CompanyPrefix?> Get(string prefix) => Task.FromResult(Prefixes.FirstOrDefault(p => p.Prefix == prefix));

    public Task<CompanyPrefix?> ForGtin(string gtin14) => Task.FromResult(CompanyPrefixDecisions.ForGtin(Prefixes, gtin14));

    private bool InGroup(string prefix) => Gtin.IsValidCompanyPrefix(prefix) && Gtin.PrefixGroup(prefix) == this.GetPrimaryKeyString();

    private async Task Save(CompanyPrefix changed)
    {
        state.State.Prefixes = [.. Prefixes.Where(p => p.Prefix != changed.Prefix), changed];
        await state.WriteStateAsync();
    }
}
