namespace Nguon.Domain.Ledger;

/// <summary>The season's lineage by lot index (the order of <see cref="LedgerInput.Lots"/>), in compressed rows: each
/// lot's parent edges and child edges as slices of flat arrays, each edge's mass converted once. A province's season is
/// some 240,000 lots: walking them by index instead of by code keeps the ledger a few lookups per lot.</summary>
internal sealed class LineageGraph
{
    /// <summary>Lot i's parent edges are [ParentStart[i], ParentStart[i + 1]) in <see cref="Parent"/> (the parent's index,
    /// or -1 for a lot outside the season's) and <see cref="ParentKg"/> (null: not a mass).</summary>
    public int[] ParentStart { get; }
    public int[] Parent { get; }
    public decimal?[] ParentKg { get; }

    /// <summary>Lot i's child edges (both ends loaded) are [ChildStart[i], ChildStart[i + 1]) in <see cref="Child"/> and
    /// <see cref="ChildKg"/>.</summary>
    public int[] ChildStart { get; }
    public int[] Child { get; }
    public decimal?[] ChildKg { get; }

    private LineageGraph(int[] parentStart, int[] parent, decimal?[] parentKg, int[] childStart, int[] child, decimal?[] childKg) =>
        (ParentStart, Parent, ParentKg, ChildStart, Child, ChildKg) = (parentStart, parent, parentKg, childStart, child, childKg);

    /// <summary>Lot codes to indexes; a code twice is an error (the read model's rows are one per lot).</summary>
    public static Dictionary<string, int> Index(IReadOnlyList<LedgerLot> lots)
    {
        var index = new Dictionary<string, int>(lots.Count, StringComparer.Ordinal);
        for (var i = 0; i < lots.Count; i++) index.Add(lots[i].Code, i);
        return index;
    }

    public static LineageGraph Of(IReadOnlyList<LedgerEdge> edges, Dictionary<string, int> index)
    {
        var n = index.Count;
        var ends = new (int Child, int Parent, decimal? Kg)[edges.Count];
        var (parentStart, childStart) = (new int[n + 1], new int[n + 1]);
        var kept = 0;
        foreach (var e in edges)
        {
            if (!index.TryGetValue(e.Child, out var child)) continue; // an edge of a lot outside the season's
            var parent = index.TryGetValue(e.Parent, out var p) ? p : -1;
            ends[kept++] = (child, parent, SeasonLedgers.Kg(e.Quantity, e.Unit));
            parentStart[child + 1]++;
            if (parent >= 0) childStart[parent + 1]++;
        }
        for (var i = 0; i < n; i++)
        {
            parentStart[i + 1] += parentStart[i];
            childStart[i + 1] += childStart[i];
        }
        var (parents, parentKg) = (new int[parentStart[n]], new decimal?[parentStart[n]]);
        var (children, childKg) = (new int[childStart[n]], new decimal?[childStart[n]]);
        var (nextParent, nextChild) = ((int[])parentStart.Clone(), (int[])childStart.Clone());
        for (var k = 0; k < kept; k++)
        {
            var (child, parent, kg) = ends[k];
            var at = nextParent[child]++;
            (parents[at], parentKg[at]) = (parent, kg);
            if (parent < 0) continue;
            at = nextChild[parent]++;
            (children[at], childKg[at]) = (child, kg);
        }
        return new LineageGraph(parentStart, parents, parentKg, childStart, children, childKg);
    }

    /// <summary>The lots in parent-before-child order (Kahn): each once, iteratively; lots on a cycle (only bad rows can
    /// make one) are left out.</summary>
    public int[] Order()
    {
        var n = ParentStart.Length - 1;
        var waiting = new int[n];
        var order = new int[n];
        var (head, tail) = (0, 0);
        for (var i = 0; i < n; i++)
        {
            for (var k = ParentStart[i]; k < ParentStart[i + 1]; k++)
                if (Parent[k] >= 0) waiting[i]++;
            if (waiting[i] == 0) order[tail++] = i;
        }
        while (head < tail)
        {
            var i = order[head++];
            for (var k = ChildStart[i]; k < ChildStart[i + 1]; k++)
                if (--waiting[Child[k]] == 0) order[tail++] = Child[k];
        }
        return order[..tail];
    }
}
