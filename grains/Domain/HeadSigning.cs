using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Whether <paramref name="signature"/> is the silo's signature of <paramref name="head"/>'s canonical form
/// (<see cref="HeadSigning.Canonical"/>) by one of its keys. The grains pass one backed by their key ring.</summary>
public delegate bool HeadCheck(ChainHead head, HeadSignature signature);

/// <summary>Chain heads as the silo signs them: whoever can only write the database can re-hash a chain consistently,
/// but cannot sign its new head.</summary>
public static class HeadSigning
{
    public const string Version = "nguon-head/1";

    public static byte[] Canonical(ChainHead head) => CanonicalJson.Array(Version, w =>
    {
        w.WriteStringValue(KindName(head.Kind));
        w.WriteStringValue(head.Id);
        w.WriteNumberValue(head.Sequence);
        w.WriteStringValue(head.Hash);
    });

    /// <summary>Null when the head is signed by the silo's keys; otherwise the violation naming the record.</summary>
    public static Violation? Check(ChainHead head, HeadSignature? signature, HeadCheck check) =>
        signature is not null && check(head, signature) ? null
            : new("integrity.signature", $"the head of {Name(head.Kind, head.Id)} is not signed by this silo's keys");

    /// <summary>How messages name a record: "batch H-1", "farm BG-LN-0001", "certificate VN-GI-00050".</summary>
    public static string Name(RecordKind kind, string id) => $"{KindName(kind)} {id}";

    private static string KindName(RecordKind kind) => kind switch
    {
        RecordKind.Batch => "batch",
        RecordKind.Farm => "farm",
        _ => "certificate",
    };
}
