namespace Nguon.Model;

/// <summary>The kinds of record that keep a hash chain: a batch's events, a farm's log, a certificate's log.</summary>
public enum RecordKind { Batch = 0, Farm = 1, Certificate = 2 }

/// <summary>A record's chain head after a write: the hash of its newest link and that link's sequence number.
/// Every new head is signed by the silo and appended to the transparency log.</summary>
[GenerateSerializer, Immutable, Alias("nguon.ChainHead")]
public sealed record ChainHead(
    [property: Id(0)] RecordKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] int Sequence,
    [property: Id(3)] string Hash);

/// <summary>The silo's signature over a chain head's canonical form ("nguon-head/1"): the id of the key that signed
/// (a key of the silo's key ring, published in the JWKS) and the ES256 signature (IEEE P1363 r‖s).</summary>
[GenerateSerializer, Immutable, Alias("nguon.HeadSignature")]
public sealed record HeadSignature([property: Id(0)] string KeyId, [property: Id(1)] byte[] Value);
