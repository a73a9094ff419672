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

/// <summary>The silo's seal over a chain head's canonical form ("nguon-head/1"): the id of the key that sealed (a key
/// of the silo's key ring, published in the JWKS) and the seal (HMAC-SHA256 under a key derived from that key).</summary>
[GenerateSerializer, Immutable, Alias("nguon.HeadSignature")]
public sealed record HeadSignature([property: Id(0)] string KeyId, [property: Id(1)] byte[] Value);

/// <summary>The chain heads records state: a batch's (event count, head hash), a farm's or certificate's log's (entry
/// count, last entry's hash). The silo checks them against the log (rollbacks) and proves them in dossiers; a dossier
/// verifier expects them.</summary>
public static class ChainHeads
{
    public static IReadOnlyList<ChainHead> Of(
        IEnumerable<BatchNode> batches, IEnumerable<FarmLog> farms, IEnumerable<CertificateLog> certificates) =>
    [
        .. batches.Select(b => new ChainHead(RecordKind.Batch, b.Batch.Code, b.Batch.EventCount, b.Batch.HeadHash))
            .Concat(farms.Where(f => f.Entries.Count > 0)
                .Select(f => new ChainHead(RecordKind.Farm, f.Code, f.Entries.Count, f.Entries[^1].Hash)))
            .Concat(certificates.Where(c => c.Entries.Count > 0)
                .Select(c => new ChainHead(RecordKind.Certificate, c.Number, c.Entries.Count, c.Entries[^1].Hash)))
            .Distinct(),
    ];
}
