using System.Security.Cryptography;
using System.Text;

namespace Nguon.Domain;

/// <summary>API key tokens: <c>ngn_{keyId}_{secret}</c>. The key id is public (it names the key in lists and
/// logs); the secret is 32 random bytes, shown once, and stored only as its SHA-256 — a high-entropy secret
/// needs no slow hash.</summary>
/// <remarks>A key id is 12 hex digits and case-insensitive, as hex is: ABCDEF012345 and abcdef012345 name one key.
/// It is normalised to lower case wherever it enters (a token, a revoke route), so every spelling reaches the one
/// key grain, and a key grain refuses to be created under any other spelling. (Batch codes, lots, farm codes, GI
/// numbers and organisation ids are case-sensitive: two spellings are two ids.)</remarks>
public static class ApiKeys
{
    public const string Prefix = "ngn_";
    public const int KeyIdLength = 12;

    public static (string KeyId, string Secret, string Token) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, $"{Prefix}{keyId}_{secret}");
    }

    public static bool TryParse(string? token, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = token[Prefix.Length..];
        var underscore = rest.IndexOf('_');
        if (underscore != KeyIdLength || rest.Length < KeyIdLength + 1 + 20) return false;
        secret = rest[(KeyIdLength + 1)..];
        return TryNormaliseKeyId(rest[..KeyIdLength], out keyId) && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    /// <summary>The one spelling of a key id (lower-case hex), or false when <paramref name="keyId"/> is no key id.</summary>
    public static bool TryNormaliseKeyId(string? keyId, out string normalised)
    {
        var valid = keyId is { Length: KeyIdLength } && keyId.All(Uri.IsHexDigit);
        normalised = valid ? keyId!.ToLowerInvariant() : "";
        return valid;
    }

    /// <summary>A key id in its one spelling: the only key a key grain is created under.</summary>
    public static bool IsCanonicalKeyId(string keyId) => TryNormaliseKeyId(keyId, out var normalised) && normalised == keyId;

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secretHash, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(secretHash), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>A key authenticates while it is stored, not revoked, and the secret presented hashes to its hash.</summary>
    public static bool Accepts(string? organisation, DateTimeOffset? revokedAt, string storedHash, string presentedHash) =>
        organisation is not null && revokedAt is null && Matches(presentedHash, storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
