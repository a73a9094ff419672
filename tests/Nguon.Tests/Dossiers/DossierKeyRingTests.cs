using System.Security.Cryptography;
using System.Text;
using Nguon.Client.Dossiers;
using Nguon.Silo.Dossiers;

namespace Nguon.Tests.Dossiers;

/// <summary>Signing keys: created once and kept, rotated by adding a newer key, every key published so dossiers
/// signed before a rotation still verify.</summary>
public sealed class DossierKeyRingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nguon-keys-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Sign(DossierKeyRing ring, string text)
    {
        var (key, kid) = ring.Signer;
        return Jws.Sign(Encoding.UTF8.GetBytes(text), key, kid, DossierPayload.ContentType);
    }

    private void WriteKey(string name, bool publicOnly = false, ECDsa? key = null)
    {
        key ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(folder, name), publicOnly ? key.ExportSubjectPublicKeyInfoPem() : key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public void The_embedded_default_creates_one_key_on_first_start_and_keeps_it()
    {
        string kid;
        using (var first = DossierKeyRing.Load(folder, createIfMissing: true)) kid = first.Signer.Kid;
        var file = Assert.Single(Directory.GetFiles(folder, "*.pem"));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        using var again = DossierKeyRing.Load(folder, createIfMissing: true);
        Assert.Equal(kid, again.Signer.Kid);
        Assert.Single(Directory.GetFiles(folder, "*.pem"));
    }

    [Fact]
    public void Without_a_key_and_without_creating_one_the_silo_refuses_to_start() =>
        Assert.Throws<InvalidOperationException>(() => DossierKeyRing.Load(folder, createIfMissing: false));

    [Fact]
    public void After_a_rotation_the_newest_key_signs_and_dossiers_signed_before_still_verify()
    {
        var old = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        WriteKey("2026-01-01.pem", key: old);
        string before, oldKid;
        using (var ring = DossierKeyRing.Load(folder, false))
        {
            before = Sign(ring, "{\"n\":1}");
            oldKid = ring.Signer.Kid;
        }

        WriteKey("2027-01-01.pem");
        using (var rotated = DossierKeyRing.Load(folder, false))
        {
            Assert.NotEqual(oldKid, rotated.Signer.Kid);
            Assert.Equal(2, rotated.PublicKeys.Keys.Count);
            var keys = JsonWebKeySet.Parse(rotated.PublicKeys.ToJson());
            Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString(Jws.Verify(before, keys).Payload));
            Assert.Equal(rotated.Signer.Kid, (string?)Jws.Verify(Sign(rotated, "{\"n\":2}"), keys).Header["kid"]);
        }

        // Retire the old private key, keeping its public half published.
        File.Delete(Path.Combine(folder, "2026-01-01.pem"));
        WriteKey("2026-01-01.public.pem", publicOnly: true, key: old);
        using var retired = DossierKeyRing.Load(folder, false);
        Assert.NotEqual(oldKid, retired.Signer.Kid);
        Assert.Equal(oldKid, (string?)Jws.Verify(before, JsonWebKeySet.Parse(retired.PublicKeys.ToJson())).Header["kid"]);
    }

    [Fact]
    public void A_key_set_that_pairs_an_id_with_another_key_is_refused()
    {
        WriteKey("a.pem");
        using var ring = DossierKeyRing.Load(folder, false);
        var signed = Sign(ring, "{}");
        var forged = ring.PublicKeys.ToJson().Replace("\"x\": \"", "\"x\": \"A", StringComparison.Ordinal);
        Assert.Throws<JwsException>(() => Jws.Verify(signed, JsonWebKeySet.Parse(forged)));
    }
}
