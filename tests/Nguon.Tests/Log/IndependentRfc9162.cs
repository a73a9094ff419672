using System.Security.Cryptography;
using System.Text;

namespace Nguon.Tests.Log;

/// <summary>RFC 9162 §2.1 written again from the RFC's definitions, sharing no code with Nguon: the tree hash MTH,
/// the proofs PATH and PROOF (to cross-check what the log serves), and proof checks that rebuild both roots by
/// following those definitions recursively (unlike the RFC's iterative check in the client library). Also the leaf and
/// checkpoint formats as the README states them, and ES256 with a key from the JWKS, by hand.</summary>
public static class IndependentRfc9162
{
    public static byte[] Leaf(byte[] data) => SHA256.HashData([0x00, .. data]);

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[n]) over leaf hashes.</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> leaves) => new Reference([.. leaves]).Mth(0, leaves.Count);

    /// <summary>A tree over fixed leaf hashes with MTH, PATH and PROOF by the RFC's recursive definitions, on index
    /// ranges (D[start:start+n]) with MTH remembered, so every proof of a 300-leaf tree is cheap to recompute.</summary>
    public sealed class Reference(byte[][] leaves)
    {
        private readonly Dictionary<(int, int), byte[]> known = [];

        private static int K(int n)
        {
            var k = 1;
            while (k * 2 < n) k *= 2;
            return k;
        }

        public byte[] Mth(int start, int n)
        {
            if (n == 0) return SHA256.HashData(Array.Empty<byte>());
            if (n == 1) return leaves[start];
            if (known.TryGetValue((start, n), out var hash)) return hash;
            var k = K(n);
            return known[(start, n)] = Node(Mth(start, k), Mth(start + k, n - k));
        }

        /// <summary>PATH(m, D[n]) of the first n leaves.</summary>
        public List<byte[]> Path(int m, int n) => Path(m, 0, n);

        private List<byte[]> Path(int m, int start, int n)
        {
            if (n <= 1) return [];
            var k = K(n);
            return m < k ? [.. Path(m, start, k), Mth(start + k, n - k)] : [.. Path(m - k, start + k, n - k), Mth(start, k)];
        }

        /// <summary>PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
        public List<byte[]> Proof(int m, int n) => SubProof(m, 0, n, true);

        private List<byte[]> SubProof(int m, int start, int n, bool b)
        {
            if (m == n) return b ? [] : [Mth(start, n)];
            var k = K(n);
            return m <= k
                ? [.. SubProof(m, start, k, b), Mth(start + k, n - k)]
                : [.. SubProof(m - k, start + k, n - k, false), Mth(start, k)];
        }
    }

    /// <summary>Does <paramref name="path"/> lead from leaf <paramref name="m"/> of a tree of <paramref name="n"/> leaves to
    /// <paramref name="root"/>? PATH(m, D[n]) is PATH of the half holding m, then the other half's hash: undo that.</summary>
    public static bool VerifyInclusion(byte[] leafHash, long m, long n, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (m < 0 || m >= n) return false;
        var rest = path.ToList();
        var rebuilt = Climb(leafHash, m, n, rest);
        return rebuilt is not null && rest.Count == 0 && rebuilt.SequenceEqual(root);
    }

    private static byte[]? Climb(byte[] leafHash, long m, long n, List<byte[]> path)
    {
        if (n == 1) return leafHash;
        if (path.Count == 0) return null;
        var sibling = path[^1];
        path.RemoveAt(path.Count - 1);
        long k = 1;
        while (k * 2 < n) k *= 2;
        if (m < k) return Climb(leafHash, m, k, path) is { } left ? Node(left, sibling) : null;
        return Climb(leafHash, m - k, n - k, path) is { } right ? Node(sibling, right) : null;
    }

    /// <summary>Does <paramref name="proof"/> show the tree of <paramref name="m"/> leaves (root <paramref name="oldRoot"/>)
    /// is a prefix of the tree of <paramref name="n"/> (root <paramref name="newRoot"/>)? Rebuilds both roots from
    /// SUBPROOF's definition, last element first.</summary>
    public static bool VerifyConsistency(long m, long n, IReadOnlyList<byte[]> proof, byte[] oldRoot, byte[] newRoot)
    {
        if (m < 1 || m > n) return false;
        var rest = proof.ToList();
        var roots = Rebuild(m, n, true, rest, oldRoot);
        return roots is { } r && rest.Count == 0 && r.Old.SequenceEqual(oldRoot) && r.New.SequenceEqual(newRoot);
    }

    private static (byte[] Old, byte[] New)? Rebuild(long m, long n, bool b, List<byte[]> proof, byte[] oldRoot)
    {
        if (m == n)
        {
            if (b) return (oldRoot, oldRoot);
            if (proof.Count == 0) return null;
            var whole = proof[^1];
            proof.RemoveAt(proof.Count - 1);
            return (whole, whole);
        }
        if (proof.Count == 0) return null;
        var other = proof[^1];
        proof.RemoveAt(proof.Count - 1);
        long k = 1;
        while (k * 2 < n) k *= 2;
        if (m <= k) return Rebuild(m, k, b, proof, oldRoot) is { } left ? (left.Old, Node(left.New, other)) : null;
        return Rebuild(m - k, n - k, false, proof, oldRoot) is { } right ? (Node(other, right.Old), Node(other, right.New)) : null;
    }

    /// <summary>The README's leaf: "nguon-log-leaf/1\n{sha256 hex of kind/id}\n{sequence}\n{head hash}\n{unix ms}".</summary>
    public static byte[] LeafBytes(string kind, string id, long sequence, string headHash, long unixMs) =>
        Encoding.UTF8.GetBytes($"nguon-log-leaf/1\n{RecordHash(kind, id)}\n{sequence}\n{headHash}\n{unixMs}");

    public static string RecordHash(string kind, string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}/{id}")));

    public static byte[] CheckpointBytes(long size, string root, long unixMs) =>
        Encoding.UTF8.GetBytes($"nguon-log-checkpoint/1\n{size}\n{root}\n{unixMs}\n");

    /// <summary>ES256 over <paramref name="data"/> with the JWK whose "kid" is <paramref name="kid"/> in a JWKS.</summary>
    public static bool VerifyEs256(string jwks, string kid, byte[] data, string signatureBase64Url)
    {
        using var document = System.Text.Json.JsonDocument.Parse(jwks);
        foreach (var key in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (key.GetProperty("kid").GetString() != kid) continue;
            using var ec = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = FromBase64Url(key.GetProperty("x").GetString()!), Y = FromBase64Url(key.GetProperty("y").GetString()!) },
            });
            return ec.VerifyData(data, FromBase64Url(signatureBase64Url), HashAlgorithmName.SHA256);
        }
        return false;
    }

    private static byte[] FromBase64Url(string s)
    {
        var padded = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
