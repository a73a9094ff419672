using System.Text.Json;

namespace Nguon.Domain.Epcis;

// TEMPORARY: replaced by the validator being written (EpcisValidation.cs); only the shape of its API.
public sealed record EpcisProblem(int? EventIndex, string Pointer, string Message);

public sealed record EpcisValidationResult(IReadOnlyList<EpcisProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

public static class EpcisValidation
{
    public static EpcisValidationResult Document(JsonElement document) =>
        new(document.ValueKind == JsonValueKind.Object && document.TryGetProperty("@context", out _) ? [] : [new(null, "", "@context missing")]);

    public static EpcisValidationResult Event(JsonElement @event, JsonElement? documentContext) =>
        new(@event.ValueKind == JsonValueKind.Object && @event.TryGetProperty("type", out _) ? [] : [new(null, "", "type missing")]);
}
