using Nguon.Domain.Batches;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Who may do what. Checked inside the grains, so no caller — HTTP, another grain, a future queue
/// consumer — can write into another party's history.</summary>
public static class Permissions
{
    public const string Rule = "auth.forbidden";

    public static Violation? RequireRole(Actor actor, string action, params Role[] roles) =>
        actor.HasAny(roles) ? null
            : new(Rule, $"{actor.Organisation} may not {action}: "
                + $"it needs the {string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant()))} role");

    /// <summary>Only the GI authority touches certificates and farm authorisations.</summary>
    public static Violation? Authority(Actor actor, string action) => RequireRole(actor, action, Role.Authority);

    /// <summary>A producer registers its own farms; the authority may register any.</summary>
    public static Violation? RegisterFarm(Actor actor, string owner) =>
        actor.Has(Role.Authority) || (actor.Has(Role.Producer) && actor.Organisation == owner) ? null
            : new(Rule, actor.Has(Role.Producer)
                ? $"{actor.Organisation} may register only its own farms, not one owned by {owner}"
                : $"{actor.Organisation} may not register farms: it needs the producer role");

    /// <summary>Only the producer that owns the farm records its harvests.</summary>
    public static Violation? RecordHarvest(Actor actor, Farm farm) =>
        actor.Has(Role.Producer) && actor.Organisation == farm.Owner ? null
            : new(Rule, $"{actor.Organisation} may not record harvests of farm {farm.Code}: only its owner {farm.Owner} may");

    /// <summary>Steps an inspector may record on any batch, custodian or not (see <see cref="BizStep.Inspection"/>).</summary>
    public static readonly IReadOnlySet<string> InspectionSteps =
        BizStep.All.Where(s => s.Inspection).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Events: the custodian records them; the named receiver receives; an inspector records its findings
    /// (inspecting, sampling, holding) on any batch. Recalls are decided by <see cref="Recall"/>.</summary>
    public static Violation? RecordEvent(Actor actor, Batch batch, string bizStep)
    {
        if (BizStep.Receiving.Is(bizStep))
            return batch.Destination == actor.Organisation ? null
                : new(Rule, $"{actor.Organisation} may not receive {batch.Code}: it was shipped to {batch.Destination ?? "nobody"}");
        if (actor.Has(Role.Inspector) && BizStep.Find(bizStep) is { Inspection: true }) return null;
        return Custodian(actor, batch, $"record {bizStep} on {batch.Code}");
    }

    /// <summary>A recall (of any lot, consumed or not, in anyone's custody, or of a farm's season) is for inspectors
    /// and the GI authority only: a producer or operator asks one of them.</summary>
    public static Violation? Recall(Actor actor, string what) =>
        RequireRole(actor, $"recall {what}", Role.Inspector, Role.Authority);

    public static Violation? Custodian(Actor actor, Batch batch, string action) =>
        batch.Custodian == actor.Organisation ? null
            : new(Rule, $"{actor.Organisation} may not {action}: the batch is in the custody of {batch.Custodian}");

    /// <summary>Full records (events, quantities, documents) are for inspectors, the authority and admins, and for the
    /// organisations that hold or held the batch: its custodian, the destination it is shipped to, and its former
    /// custodians (a producer its harvest lot after the packer received it, a packer what it shipped on). Former
    /// custodians are bounded (<see cref="Custody.MaxFormerCustodians"/>, 16): past that the batch's creator and the
    /// newest holders are kept, so a holder from the middle of a very long custody chain may read it no more. Reading
    /// only: every write stays with the current custodian (<see cref="Custodian"/>).</summary>
    public static bool MayReadBatch(Actor actor, Batch batch) =>
        actor.HasAny(Role.Inspector, Role.Authority, Role.Admin)
        || batch.Custodian == actor.Organisation || batch.Destination == actor.Organisation
        || (batch.FormerCustodians?.Contains(actor.Organisation, StringComparer.Ordinal) ?? false);

    public static bool MayReadFarm(Actor actor, Farm farm) =>
        actor.HasAny(Role.Inspector, Role.Authority, Role.Admin) || farm.Owner == actor.Organisation;

    /// <summary>An organisation reads its own audit trail; inspectors, the authority and admins read anyone's.</summary>
    public static bool MayReadAudit(Actor actor, string organisation) =>
        actor.HasAny(Role.Inspector, Role.Authority, Role.Admin) || actor.Organisation == organisation;

    // Reads. The grain that answers with non-public data applies these itself, so no entry point (HTTP, a query
    // endpoint, another grain) has to remember to.

    /// <summary>A batch's record and events: see <see cref="MayReadBatch"/>.</summary>
    public static Violation? ReadBatch(Actor reader, Batch batch) =>
        MayReadBatch(reader, batch) ? null
            : new(Rule, $"{reader.Organisation} may not read the record of {batch.Code}: "
                + "it is not its custodian, destination or a former custodian");

    /// <summary>A trace rooted at a batch (ancestors, descendants, full verification, dossier, chain view): whoever
    /// may read the root, since the chain behind it is part of what its reader receives.</summary>
    public static Violation? ReadTrace(Actor reader, Batch root) => ReadBatch(reader, root);

    /// <summary>A farm, its season ledgers and their recall scope: see <see cref="MayReadFarm"/>.</summary>
    public static Violation? ReadFarm(Actor reader, Farm farm) =>
        MayReadFarm(reader, farm) ? null : new(Rule, $"{reader.Organisation} may not read farm {farm.Code}");

    /// <summary>An organisation's audit trail: see <see cref="MayReadAudit"/>.</summary>
    public static Violation? ReadAudit(Actor reader, string organisation) =>
        MayReadAudit(reader, organisation) ? null : new(Rule, $"{reader.Organisation} may not read the audit trail of {organisation}");

    /// <summary>A read decided: NotFound (<paramref name="notFound"/>) when there is no <paramref name="subject"/>,
    /// Forbidden when <paramref name="rule"/> refuses the reader, otherwise the subject.</summary>
    public static Outcome<T> Read<T>(T? subject, Violation notFound, Func<T, Violation?> rule) where T : class =>
        subject is null ? new(OutcomeStatus.NotFound, default, [notFound])
            : rule(subject) is { } denied ? Outcome<T>.Forbidden(denied) : Outcome<T>.Ok(subject);
}
