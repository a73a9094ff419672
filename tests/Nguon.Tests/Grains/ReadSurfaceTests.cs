using System.Reflection;
using Nguon.Model;

namespace Nguon.Tests.Grains;

/// <summary>A new grain read cannot slip past the rules unnoticed: every grain-interface method that takes no
/// <see cref="Actor"/> is listed here as a command of the system, a public projection or internal protocol.</summary>
public sealed class ReadSurfaceTests
{
    /// <summary>Public projections: what anyone may see.</summary>
    private static readonly string[] Public =
    [
        "IBatchGrain.GetLabel", "ITraceGrain.VerifyPublic", "IScanGrain.Scan", "ICertificateGrain.Get", "IOrganisationGrain.Get", "ILabelGrain.Get",
        // The transparency log is public: leaves name records only by a hash, and proofs are of public leaves.
        "ILogQueryGrain.Latest", "ILogQueryGrain.Checkpoints", "ILogQueryGrain.CheckpointOf", "ILogQueryGrain.Leaves",
        "ILogQueryGrain.Inclusion", "ILogQueryGrain.Consistency", "ILogQueryGrain.Prove",
        // Who holds a GS1 Company Prefix, and a GTIN's product master data: what GS1's registries and the package show.
        "ICompanyPrefixGrain.Get", "ICompanyPrefixGrain.ForGtin", "IProductGrain.Get",
        // Who holds a batch-code space: a refused code names its holder anyway.
        "ICodeSpaceGrain.Holder",
    ];

    /// <summary>Internal protocol between grains (documented "Internal" on the interface): the caller has checked
    /// its reader, or the call is a write by the system (audit, idempotency, pages, reservations).</summary>
    private static readonly string[] Internal =
    [
        "IBatchGrain.GetRecord", "IBatchGrain.GetNode", "IBatchGrain.GetNodeFrom", "IBatchGrain.GetCreation", "IBatchGrain.AbortCreation",
        "IBatchGrain.ReleaseReservation", "IBatchEventPageGrain.Get", "IBatchEventPageGrain.Seal",
        // An EPCIS capture's check reads what the grains' own decisions read; it answers only their verdicts.
        "IBatchGrain.GetCheckState",
        "IFarmGrain.GetProfile", "IFarmGrain.GetLog", "ICertificateGrain.GetLog",
        "IFarmSeasonGrain.GetLedger", "IFarmSeasonGrain.Reserve", "IFarmSeasonGrain.Release",
        "IDocumentGrain.GetAll", "IOrganisationGrain.ImportKey", "IApiKeyGrain.Authenticate", "IApiKeyGrain.Create",
        "IApiKeyGrain.Get", "IApiKeyGrain.Revoke", "IAuditLogGrain.Append", "IAuditLogGrain.AppendMany", "IAuditLogGrain.Purge",
        "IAuditPageGrain.Get", "IAuditPageGrain.Seal", "IAuditPageGrain.Clear", "IAuditDaysGrain.Add", "IAuditDaysGrain.Days",
        "ILabelGrain.Claim", "ILabelGrain.Release", "ICodeSpaceGrain.Claim",
        "ILogIntakeGrain.Submit", "ILogIntakeGrain.Read", "ILogIntakeGrain.Acknowledge", "ILogIntakeChunkGrain.Get",
        "ILogIntakeChunkGrain.Put", "ILogIntakeChunkGrain.Clear", "ILogSequencerGrain.Tick", "ILogSequencerGrain.Latest",
        "ILogSequencerGrain.RequestIndex", "ILogLeafPageGrain.Get", "ILogLeafPageGrain.Put", "ILogNodePageGrain.Get",
        "ILogNodePageGrain.Put", "ILogCheckpointPageGrain.Get", "ILogCheckpointPageGrain.Put", "ILogRecordIndexGrain.Get",
        "ILogRecordIndexGrain.Update",
        // A scan's kept verdicts and their freshness checks.
        "IPublicVerdictGrain.Get", "IPublicVerdictGrain.Refresh", "IPublicVerdictGrain.Forget",
        "IBatchGrain.GetEventCount", "ICertificateGrain.GetVersion", "ICertificateGrain.AuthorisationChanged",
    ];

    [Fact]
    public void Every_grain_method_without_an_actor_is_a_listed_public_projection_or_internal_protocol()
    {
        var interfaces = typeof(IBatchGrain).Assembly.GetTypes()
            // The idempotency grain holds recorded HTTP answers keyed by organisation and key: edge infrastructure.
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t) && t.Namespace == "Nguon" && t != typeof(IIdempotencyGrain));
        var methods = interfaces.SelectMany(i => i.GetMethods().Select(m => (Name: $"{i.Name}.{m.Name}", Method: m))).ToList();
        // The lists name real methods (a renamed read must be listed again, or take the reader).
        Assert.Empty(Public.Concat(Internal).Except(methods.Select(m => m.Name)));
        var unlisted = methods
            .Where(m => !m.Method.GetParameters().Any(p => p.ParameterType == typeof(Actor)))
            .Select(m => m.Name)
            .Except(Public).Except(Internal)
            .ToList();
        Assert.Empty(unlisted);
    }
}
