using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nguon.Client.Dossiers;

/// <summary>JSON Web Signature (RFC 7515), compact serialization, ES256 only (ECDSA P-256 with SHA-256, RFC 7518
/// §3.4), with public keys as a JSON Web Key Set (RFC 7517) whose key ids are RFC 7638 thumbprints.</summary>
public static class Jws
{
    public const string Algorithm = "ES256";

    /// <summary>Decodes a base64url part and insists it is the one encoding of its bytes: the unused low bits of a
    /// last character could otherwise be changed without changing what is signed.</summary>
    private static byte[] Canonical(string part, string what)
    {
        var bytes = Base64Url.DecodeFromChars(part);
        if (Base64Url.EncodeToString(bytes) != part) throw new JwsException($"the JWS {what} is not canonical base64url");
        return bytes;
    }

    public static string Sign(ReadOnlySpan<byte> payload, ECDsa key, string kid, string contentType)
    {
        var header = new JsonObject { ["alg"] = Algorithm, ["kid"] = kid, ["typ"] = "JOSE", ["cty"] = contentType };
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url.EncodeToString(payload);
        // .NET signs ECDSA in IEEE P1363 form (r || s), which is what JWS uses.
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Verifies a compact JWS against a key set and returns its header and payload; throws
    /// <see cref="JwsException"/> saying what is wrong otherwise.</summary>
    public static (JsonObject Header, byte[] Payload) Verify(string compact, JsonWebKeySet keys)
    {
        var parts = compact.Trim().Split('.');
        if (parts.Length != 3) throw new JwsException("not a JWS in compact serialization (three base64url parts separated by dots)");
        JsonObject header;
        byte[] payload, signature;
        try
        {
            header = JsonNode.Parse(Canonical(parts[0], "header"))?.AsObject() ?? throw new JwsException("the JWS header is empty");
            payload = Canonical(parts[1], "payload");
            signature = Canonical(parts[2], "signature");
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw new JwsException($"the JWS is malformed: {e.Message}");
        }
        if ((string?)header["alg"] != Algorithm) throw new JwsException($"the JWS algorithm is {(string?)header["alg"] ?? "missing"}, "
            + $"not {Algorithm}");
        if (header["crit"] is not null) throw new JwsException("the JWS has critical header parameters this verifier does not know");
        var kid = (string?)header["kid"] ?? throw new JwsException("the JWS header names no key (kid)");
        using var key = keys.Find(kid) ?? throw new JwsException($"key {kid} is not in the key set");
        if (!key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256))
            throw new JwsException($"the signature does not verify with key {kid}: the dossier was altered or signed by another key");
        return (header, payload);
    }
}

public sealed class JwsException(string message) : Exception(message);

/// <summary>EC P-256 public keys as a JWKS ({"keys":[{"kty":"EC","crv":"P-256","x":…,"y":…,"kid":…,"use":"sig","alg":"ES256"}]}).</summary>
public sealed class JsonWebKeySet(IReadOnlyList<JsonObject> keys)
{
    public IReadOnlyList<JsonObject> Keys => keys;

    public static JsonWebKeySet Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject();
            if (root?["keys"] is not JsonArray array) throw new JwsException("the key set has no \"keys\" array");
            return new([.. array.OfType<JsonObject>()]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new JwsException($"the key set is not valid JSON: {e.Message}");
        }
    }

    public static JsonWebKeySet Of(IEnumerable<ECDsa> publicKeys) => new([.. publicKeys.Select(PublicJwk)]);

    public string ToJson()
    {
        var set = new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k.DeepClone())]) };
        return set.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The public key with that id, or null.</summary>
    public ECDsa? Find(string kid)
    {
        var jwk = keys.FirstOrDefault(k => (string?)k["kid"] == kid);
        if (jwk is null) return null;
        if ((string?)jwk["kty"] != "EC" || (string?)jwk["crv"] != "P-256") throw new JwsException($"key {kid} is not an EC P-256 key");
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars((string)jwk["x"]!), Y = Base64Url.DecodeFromChars((string)jwk["y"]!) },
        };
        // The key id is the key's own thumbprint: a key set cannot pair an id with another key unnoticed.
        if (Thumbprint(parameters) != kid) throw new JwsException($"key {kid} in the key set does not match its id");
        return ECDsa.Create(parameters);
    }

    public static JsonObject PublicJwk(ECDsa key)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(p.Q.X), ["y"] = Base64Url.EncodeToString(p.Q.Y),
            ["kid"] = Thumbprint(p), ["use"] = "sig", ["alg"] = Jws.Algorithm,
        };
    }

    /// <summary>RFC 7638 JWK thumbprint: SHA-256 over the required members in lexicographic order, base64url.</summary>
    public static string Thumbprint(ECDsa key) => Thumbprint(key.ExportParameters(false));

    private static string Thumbprint(ECParameters p) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.EncodeToString(p.Q.X)}}","y":"{{Base64Url.EncodeToString(p.Q.Y)}}"}""")));
}
