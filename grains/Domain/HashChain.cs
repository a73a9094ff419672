using System.Security.Cryptography;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>What every hash-chained record shares (a batch's events, a farm's and a certificate's log): each link's
/// hash is SHA-256 over its canonical form, which includes the hash of the link before it, so the newest link (the
/// head, signed by the silo) commits to the whole history.</summary>
public static class HashChain
{
    /// <summary>The previous hash of a farm's or a certificate's first entry (a batch's first event links to its
    /// creation record instead).</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Entries a farm's or certificate's log holds at most: its row stays bounded.</summary>
    public const int MaxEntries = 256;

    public static string Sha256(byte[] canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    /// <summary>The refusal of a change to a record whose log is full.</summary>
    public static Violation Full(string record) =>
        new("log.full", $"the log of {record} is full ({MaxEntries} entries): it takes no more changes");

    /// <summary>Checks every link's sequence number, its link to the one before (the first to <paramref name="first"/>)
    /// and its hash; one violation per broken link, naming <paramref name="record"/>.</summary>
    /// <param name="link">What a link is called in the messages ("event", "entry").</param>
    /// <param name="unlinkedFirst">What a first link not linking to <paramref name="first"/> means, when it is more than
    /// a broken link (a batch's first event links to its creation record).</param>
    public static List<Violation> Verify<T>(string record, string link, IReadOnlyList<T> chain, string first,
        Func<T, (int Sequence, string PreviousHash, string Hash)> read, Func<T, string> recompute, Violation? unlinkedFirst = null)
    {
        var problems = new List<Violation>();
        var previous = first;
        for (var i = 0; i < chain.Count; i++)
        {
            var (sequence, previousHash, hash) = read(chain[i]);
            if (sequence != i + 1)
                problems.Add(new("integrity.sequence",
                    $"{link} {i + 1} of {record} is missing or out of order (found sequence {sequence})"));
            if (previousHash != previous)
                problems.Add(i == 0 && unlinkedFirst is not null ? unlinkedFirst
                    : new("integrity.chain", $"{link} {sequence} of {record} does not link to the {link} before it"));
            if (recompute(chain[i]) != hash)
                problems.Add(new("integrity.hash", $"{link} {sequence} of {record} fails its hash"));
            previous = hash;
        }
        return problems;
    }
}
