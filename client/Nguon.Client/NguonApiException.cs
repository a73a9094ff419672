using Nguon.Model;

namespace Nguon.Client;

/// <summary>An RFC 9457 problem document as the API sends it.</summary>
public sealed record Problem(string? Type, string? Title, int? Status, string? Detail, IReadOnlyList<Violation>? Violations);

/// <summary>The API refused a request; <see cref="Message"/> is one readable line.</summary>
public sealed class NguonApiException(int status, Problem? problem, string fallback)
    : Exception(problem?.Detail is { Length: > 0 } detail ? $"{problem.Title ?? "error"} ({status}): {detail}" : $"{fallback} ({status})")
{
    public int Status { get; } = status;
    public Problem? Problem { get; } = problem;
    public IReadOnlyList<Violation> Violations => Problem?.Violations ?? [];
}
