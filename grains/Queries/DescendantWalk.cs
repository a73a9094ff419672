using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Queries;

/// <summary>The forward walk: level by level down the children, one bounded fan-out per level, refused
/// (<see cref="TraceLimits"/>) as soon as the next level would be too deep or the graph too large. Shared by forward
/// traces, recall scopes and a recall's push to the kept verdicts below it (<see cref="ForgetVerdictsBelow"/>).</summary>
public static class DescendantWalk
{
    /// <param name="from">What the walk starts from, for a refusal's wording.</param>
    /// <param name="skip">A batch never fetched: the recalling batch itself, which is busy with its recall (a tampered
    /// cycle could otherwise lead back to it).</param>
    public static async Task<Outcome<DescendantGraph>> Run(IGrainFactory grains, IReadOnlyList<string> starts, string from,
        string? skip = null)
    {
        var found = new Dictionary<string, DescendantNode>(StringComparer.Ordinal);
        var frontier = starts.Distinct(StringComparer.Ordinal).Where(c => c != skip).ToList();
        for (var depth = 0; frontier.Count > 0; depth++)
        {
            if (TraceLimits.Check(from, TraceLimits.Direction.Descendants, depth, found.Count + frontier.Count) is { } cap)
                return Outcome<DescendantGraph>.Rejected([cap]);
            var fetched = await Fanout.Map(frontier, code => grains.GetGrain<IBatchGrain>(code).GetRecord());
            var next = new List<string>();
            foreach (var batch in fetched.OfType<Batch>())
            {
                found[batch.Code] = new DescendantNode(batch.Code, depth, [.. batch.Origin.Parents.Select(p => p.Batch)],
                    batch.Quantity, batch.Status, batch.Custodian, batch.GiClaim);
                next.AddRange(batch.Children.Select(c => c.Batch));
            }
            frontier = [.. next.Distinct(StringComparer.Ordinal).Where(c => !found.ContainsKey(c) && c != skip)];
        }
        return Outcome<DescendantGraph>.Ok(new DescendantGraph(starts, [.. found.Values]));
    }

    /// <summary>After a recall of <paramref name="recalled"/>: every kept public verdict below it (from its
    /// <paramref name="children"/>) is forgotten, so the next scan of each judges the recall. Past the walk's cap the
    /// kept verdicts run out within <see cref="PublicVerdictGrain.MaxAge"/> instead.</summary>
    public static async Task ForgetVerdictsBelow(IGrainFactory grains, string recalled, IReadOnlyList<string> children)
    {
        var below = await Run(grains, children, $"the recall of {recalled}", skip: recalled);
        if (below.IsOk) await Fanout.Each(below.Value!.Batches, b => grains.GetGrain<IPublicVerdictGrain>(b.Code).Forget());
    }
}
