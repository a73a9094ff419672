using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>Stores grain state as plain, readable JSON (camelCase, enums as names) with no .NET type names in
/// it, so renaming a class or namespace never orphans stored rows; only renaming a property does, and state
/// classes are the contract for that. Grain types are pinned with [GrainType] for the same reason.</summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options);
}
