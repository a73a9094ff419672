using Nguon.Domain.Organisations;
using Nguon.Model;

namespace Nguon.Infrastructure;

/// <summary>Looks up who holds the code spaces of the codes an actor would create (one grain call per space, bounded),
/// when the actor holds no space of its own.</summary>
public static class CodeSpaceHolders
{
    public static async Task<IReadOnlyDictionary<string, string>> Of(IGrainFactory grains, Actor actor, IEnumerable<string> codes)
    {
        var spaces = CodeSpaces.ToLookUp(actor, codes);
        var holders = await Fanout.Map(spaces, s => grains.GetGrain<ICodeSpaceGrain>(s).Holder());
        return spaces.Zip(holders).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!);
    }
}
