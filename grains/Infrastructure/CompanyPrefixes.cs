using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Infrastructure;

/// <summary>Looks up the GS1 Company Prefix of each GTIN a command would print (one grain call per GTIN, bounded).</summary>
public static class CompanyPrefixes
{
    public static async Task<IReadOnlyDictionary<string, CompanyPrefix>> Of(IGrainFactory grains, IEnumerable<string?> gtins)
    {
        var keys = gtins.Where(Gtin.IsValid).Select(g => Gtin.ToGtin14(g!)).Distinct().ToList();
        var found = await Fanout.Map(keys, g => grains.GetGrain<ICompanyPrefixGrain>(Gtin.PrefixGroup(g)).ForGtin(g));
        return keys.Zip(found).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!);
    }
}
