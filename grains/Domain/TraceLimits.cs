using Nguon.Model;

namespace Nguon.Domain;

/// <summary>How far and how wide a walk over the provenance graph may go (backward trace, verification, chain
/// view, dossier, descendants and recall scope), and the refusals when a graph is beyond that.</summary>
/// <remarks>Real chains are shallow: harvest, sorting, packing, merges, splits, shipping and re-packing make tens of
/// levels, a few hundred for a lot re-split many times. <see cref="MaxDepth"/> leaves several times that, while every
/// level costs one sequential round of grain calls, so a refused walk stops after a bounded, sub-second amount of
/// work. <see cref="MaxBatches"/> bounds memory and hashing for a signed-in reader; an anonymous verification (a
/// label page, a Digital Link) gets <see cref="MaxPublicBatches"/>, enough for a lot merged from thousands of
/// harvests, and the same depth.</remarks>
public static class TraceLimits
{
    /// <summary>Levels a walk follows beyond its start (a chain of <c>MaxDepth + 1</c> batches is walked whole).</summary>
    public const int MaxDepth = 1_000;

    /// <summary>Batches a walk for a signed-in reader collects.</summary>
    public const int MaxBatches = 20_000;

    /// <summary>Batches an anonymous verification collects.</summary>
    public const int MaxPublicBatches = 5_000;

    /// <summary>The refusal when the walk from <paramref name="start"/> would go beyond <see cref="MaxDepth"/> levels, or
    /// collect more than <paramref name="maxBatches"/>; null while it is within both.</summary>
    /// <param name="depth">Levels already walked (0 at the start batch) once the next level is the frontier.</param>
    /// <param name="batches">Batches collected plus those in the next level.</param>
    public static Violation? Check(string start, Direction direction, int depth, int batches, int maxBatches = MaxBatches) =>
        depth > MaxDepth ? TooDeep(start, direction)
        : batches > maxBatches ? TooLarge(start, direction, maxBatches)
        : null;

    public static Violation TooDeep(string start, Direction direction) =>
        new("trace.too-deep", $"the {Word(direction)} of {start} is more than {MaxDepth} levels deep");

    public static Violation TooLarge(string start, Direction direction, int maxBatches = MaxBatches) =>
        new("trace.too-large", $"the {Word(direction)} of {start} exceeds {maxBatches} batches");

    private static string Word(Direction d) => d == Direction.Ancestry ? "ancestry" : "recall scope";

    /// <summary>Which way a walk goes: to a batch's parents, or to its children.</summary>
    public enum Direction { Ancestry, Descendants }
}
