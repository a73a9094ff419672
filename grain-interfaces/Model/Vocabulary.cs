namespace Nguon.Model;

/// <summary>A business step (EPCIS 2.0 "why"): a CBV 2.0 step by its bare name (as the standard's JSON-LD context
/// writes it), or one of Nguon's own steps by its URI, because CBV has no treating or processing step. Events keep
/// the step as text on the wire and in their hashes; this type is how code names and classifies it.</summary>
public sealed record BizStep
{
    private const string CbvPrefix = "urn:epcglobal:cbv:bizstep:";
    private const string NguonPrefix = "urn:nguon:bizstep:";

    /// <summary>The step as written in an event: "shipping", or "urn:nguon:bizstep:fumigating".</summary>
    public string Value { get; }

    /// <summary>A client may record it with an event command (commissioning, splits and merges come from their
    /// own commands).</summary>
    public bool Recordable { get; }

    /// <summary>An inspector may record it on a batch in anyone's custody.</summary>
    public bool Inspection { get; }

    private BizStep(string value, bool recordable, bool inspection = false)
    {
        Value = value;
        Recordable = recordable;
        Inspection = inspection;
    }

    /// <summary>The step's full URI (CBV steps in the <c>urn:epcglobal:cbv:bizstep:</c> namespace).</summary>
    public string Uri => Value.StartsWith("urn:", StringComparison.Ordinal) ? Value : CbvPrefix + Value;

    public static readonly BizStep Commissioning = new("commissioning", recordable: false);
    public static readonly BizStep Repackaging = new("repackaging", recordable: false);
    public static readonly BizStep Packing = new("packing", recordable: true);
    public static readonly BizStep Storing = new("storing", recordable: true);
    public static readonly BizStep Shipping = new("shipping", recordable: true);
    public static readonly BizStep Receiving = new("receiving", recordable: true);
    public static readonly BizStep Inspecting = new("inspecting", recordable: true, inspection: true);
    public static readonly BizStep Sampling = new("sampling", recordable: true, inspection: true);
    public static readonly BizStep Holding = new("holding", recordable: true, inspection: true);
    public static readonly BizStep Loading = new("loading", recordable: true);
    public static readonly BizStep Departing = new("departing", recordable: true);
    public static readonly BizStep Arriving = new("arriving", recordable: true);
    public static readonly BizStep RetailSelling = new("retail_selling", recordable: true);
    public static readonly BizStep Destroying = new("destroying", recordable: true);
    /// <summary>Nguon's own: a phytosanitary treatment (methyl-bromide fumigation), with dose and duration as sensor readings.</summary>
    public static readonly BizStep Fumigating = new(NguonPrefix + "fumigating", recordable: true);
    /// <summary>Nguon's own: a transformation into another product (drying, peeling, juicing).</summary>
    public static readonly BizStep Processing = new(NguonPrefix + "processing", recordable: false);

    public static readonly IReadOnlyList<BizStep> All =
    [
        Commissioning, Repackaging, Packing, Storing, Shipping, Receiving, Inspecting, Sampling, Holding, Loading,
        Departing, Arriving, RetailSelling, Destroying, Fumigating, Processing,
    ];

    /// <summary>The step a value names, as written in an event or as a full CBV URI; null when it is none of the
    /// vocabulary.</summary>
    public static BizStep? Find(string? value) =>
        value is null ? null : All.FirstOrDefault(s => s.Value == value || s.Uri == value);

    /// <summary>Whether an event's step (text) is this one.</summary>
    public bool Is(string? value) => value is not null && (Value == value || Uri == value);

    public override string ToString() => Value;

    public static implicit operator string(BizStep step) => step.Value;
}

/// <summary>A disposition (EPCIS 2.0 "why": the state of the goods after the event), CBV 2.0 names.</summary>
public sealed record Disposition
{
    public string Value { get; }

    private Disposition(string value) => Value = value;

    public string Uri => "urn:epcglobal:cbv:disp:" + Value;

    public static readonly Disposition Active = new("active");
    public static readonly Disposition InTransit = new("in_transit");
    public static readonly Disposition Conformant = new("conformant");
    public static readonly Disposition NonConformant = new("non_conformant");
    public static readonly Disposition Recalled = new("recalled");
    public static readonly Disposition Destroyed = new("destroyed");
    public static readonly Disposition Expired = new("expired");
    public static readonly Disposition InProgress = new("in_progress");
    public static readonly Disposition SellableAccessible = new("sellable_accessible");
    public static readonly Disposition NeedsReplacement = new("needs_replacement");

    public static readonly IReadOnlyList<Disposition> All =
    [
        Active, InTransit, Conformant, NonConformant, Recalled, Destroyed, Expired, InProgress, SellableAccessible,
        NeedsReplacement,
    ];

    public static Disposition? Find(string? value) =>
        value is null ? null : All.FirstOrDefault(d => d.Value == value || d.Uri == value);

    public bool Is(string? value) => value is not null && (Value == value || Uri == value);

    public override string ToString() => Value;

    public static implicit operator string(Disposition disposition) => disposition.Value;
}

/// <summary>EPCIS 2.0 event types Nguon records.</summary>
public static class EventTypes
{
    public const string Object = "ObjectEvent";
    public const string Transformation = "TransformationEvent";
}
