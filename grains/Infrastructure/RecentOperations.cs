namespace Nguon.Infrastructure;

/// <summary>The last operations (idempotency keys) a grain applied, kept in its persisted state so that a command
/// retried after a silo failure applies once. Bounded: a ring of <see cref="Kept"/> ids in the state row.</summary>
public static class RecentOperations
{
    public const int Kept = 32;

    public static bool Applied(this List<string> recent, string? operationId) =>
        operationId is not null && recent.Contains(operationId);

    /// <summary>The ring with <paramref name="operationId"/> added (oldest dropped); unchanged when there is none.</summary>
    public static List<string> With(this List<string> recent, string? operationId) =>
        operationId is null ? recent : [.. recent.TakeLast(Kept - 1), operationId];
}
