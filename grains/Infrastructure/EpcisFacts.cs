using Nguon.Domain.Epcis;
using Nguon.Model;

namespace Nguon.Infrastructure;

/// <summary>What <see cref="NguonEpcisForm.Of"/> needs beyond the lots given: the GS1 Company Prefix length of every GTIN they
/// carry (one lookup per GTIN, bounded). The export and the EPCIS projection both build their facts here, so the same event
/// gets the same form.</summary>
public static class EpcisFacts
{
    public static async Task<NguonEpcisFacts> Of(IGrainFactory grains, IReadOnlyDictionary<string, Batch> batches,
        IReadOnlyDictionary<string, PublicLabel>? labels = null)
    {
        var prefixes = await CompanyPrefixes.Of(grains,
            [.. batches.Values.Select(b => b.Gtin), .. (labels?.Values ?? []).Select(l => l.Gtin)]);
        return new NguonEpcisFacts(batches, labels, prefixes.ToDictionary(p => p.Key, p => p.Value.Prefix.Length));
    }
}
