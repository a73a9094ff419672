namespace Nguon.Domain.Epcis;

/// <summary>A standard vocabulary an EPCIS 2.0 JSON field draws on: its bare words (JSON writes a standard term as
/// the word alone) and the namespace its terms have as URIs (<c>https://ref.gs1.org/cbv/BizStep-</c>). A value
/// written as a CURIE or URI inside that namespace must still name one of the words: only GS1 defines terms there.</summary>
internal sealed record EpcisVocabulary(string Name, string Source, string TermNamespace, IReadOnlySet<string> Words)
{
    // The word lists are CBV 2.0's (checked against the CBV ontology, gs1/EPCIS Ontology/CBV.ttl, and the EPCIS 2.0
    // JSON schema's enums, gs1/EPCIS EPCIS-JSON-Schema.json: the same terms).
    public static EpcisVocabulary BizStep { get; } = new("business step", "CBV 2.0", EpcisNamespaces.Cbv + "BizStep-",
    [
        "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance",
        "cycle_counting", "decommissioning", "departing", "destroying", "disassembling", "dispensing", "encoding",
        "entering_exiting", "holding", "inspecting", "installing", "killing", "loading", "other", "packing", "picking",
        "receiving", "removing", "repackaging", "repairing", "replacing", "reserving", "retail_selling", "sampling",
        "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing", "transporting",
        "unloading", "unpacking", "void_shipping",
    ]);

    public static EpcisVocabulary Disposition { get; } = new("disposition", "CBV 2.0", EpcisNamespaces.Cbv + "Disp-",
    [
        "active", "available", "completeness_inferred", "completeness_verified", "conformant", "container_closed",
        "container_open", "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired", "in_progress", "in_transit",
        "inactive", "mismatch_class", "mismatch_instance", "mismatch_quantity", "needs_replacement", "no_pedigree_match",
        "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold", "returned",
        "sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown",
    ]);

    public static EpcisVocabulary BizTransactionType { get; } = new("business transaction type", "CBV 2.0", EpcisNamespaces.Cbv + "BTT-",
        ["bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres", "upevt"]);

    public static EpcisVocabulary SourceDestinationType { get; } = new("source/destination type", "CBV 2.0", EpcisNamespaces.Cbv + "SDT-",
        ["owning_party", "possessing_party", "location"]);

    public static EpcisVocabulary ErrorReason { get; } = new("error reason", "CBV 2.0", EpcisNamespaces.Cbv + "ER-",
        ["did_not_occur", "incorrect_data"]);

    public static EpcisVocabulary Component { get; } = new("sensor component", "CBV 2.0", EpcisNamespaces.Cbv + "Comp-",
    [
        "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle", "elevation_angle", "easting",
        "northing", "latitude", "longitude", "altitude",
    ]);

    /// <summary>GS1 Web vocabulary measurement types (EPCIS 2.0 §7.3.8.2; gs1:Temperature as a CURIE).</summary>
    public static EpcisVocabulary MeasurementType { get; } = new("measurement type", "the GS1 Web vocabulary", EpcisNamespaces.Gs1,
    [
        "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude", "AmountOfSubstance",
        "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area",
        "Capacitance", "Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate",
        "DynamicViscosity", "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy",
        "Exposure", "Force", "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity", "Length",
        "LinearMomentum", "Luminance", "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity",
        "MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity",
        "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity",
        "RelativeHumidity", "Resistance", "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity",
        "SurfaceTension", "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction",
        "VolumetricFlux", "Wavenumber",
    ]);

    public static EpcisVocabulary SensorAlertType { get; } = new("sensor alert type", "the GS1 Web vocabulary", EpcisNamespaces.Gs1,
        ["ALARM_CONDITION", "ERROR_CONDITION"]);

    private EpcisVocabulary(string name, string source, string termNamespace, string[] words)
        : this(name, source, termNamespace, words.ToHashSet(StringComparer.Ordinal))
    {
    }
}
