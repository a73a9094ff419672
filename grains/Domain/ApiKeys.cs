using System.Security.Cryptography;
using System.Text;

namespace Nguon.Domain;

/// <summary>API key tokens: <c>ngn_{keyId}_{secret}</c>. The key id is public (it names the key in lists and
/// logs); the secret is 32 random bytes, shown once, and stored only as its SHA-256 — a high-entropy secret
/// needs no slow hash.</summary>
public static class ApiKeys
{
    public const string Prefix = "ngn_";

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
        if (underscore != 12 || rest.Length < 13 + 20) return false;
        keyId = rest[..12];
        secret = rest[13..];
        return keyId.All(Uri.IsHexDigit) && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secretHash, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(secretHash), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>A key authenticates while it is stored, not revoked, and the secret presented hashes to its hash.</summary>
    public static bool Accepts(string? organisation, DateTimeOffset? revokedAt, string storedHash, string presentedHash) =>
        organisation is not null && revokedAt is null && Matches(presentedHash, storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
