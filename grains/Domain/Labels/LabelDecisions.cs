using Nguon.Model;

namespace Nguon.Domain.Labels;

/// <summary>The label index: one GTIN + lot names one batch, first come first served.</summary>
public static class LabelDecisions
{
    /// <summary>Claiming the label (key "{GTIN-14}/{lot}", <see cref="DigitalLink.LabelKeyFor"/>) for a batch: free
    /// labels are taken; the holder claiming again is a retry; another batch is refused.</summary>
    public static Outcome<Change<string>> Claim(string key, string? holder, string batchCode)
    {
        if (holder is null) return Change<string>.New(batchCode);
        if (holder == batchCode) return Change<string>.Replay(holder);
        var slash = key.IndexOf('/'); // a GTIN has no '/', a lot may
        return Outcome<Change<string>>.Rejected([InputRules.LabelTaken(key[..slash], key[(slash + 1)..], holder)]);
    }

    /// <summary>Only the holder releases a label (a batch whose creation failed gives its claim back).</summary>
    public static bool MayRelease(string? holder, string batchCode) => holder is not null && holder == batchCode;
}
