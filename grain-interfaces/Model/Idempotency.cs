namespace Nguon.Model;

public enum IdempotencyState { Started = 0, Completed = 1, InFlight = 2, Mismatch = 3 }

/// <summary>An answer as it was sent: status, content type, Location and body.</summary>
[GenerateSerializer, Immutable, Alias("nguon.RecordedResponse")]
public sealed record RecordedResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] byte[] Body,
    [property: Id(4)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("nguon.IdempotencyClaim")]
public sealed record IdempotencyClaim([property: Id(0)] IdempotencyState State, [property: Id(1)] RecordedResponse? Response = null);
