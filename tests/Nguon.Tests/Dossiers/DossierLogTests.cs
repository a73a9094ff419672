using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jose;
using Nguon.Client.Dossiers;
using Nguon.Tests.Cli;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;
using Nguon.Tests.Log;

namespace Nguon.Tests.Dossiers;

/// <summary>The transparency-log proofs in the demo export lot's dossier: every batch, farm and certificate head it
/// states has a leaf and an inclusion proof against a signed checkpoint, which a checker written from RFC 9162 alone
/// (<see cref="IndependentRfc9162"/>, no product code) accepts; `nguon dossier verify` checks the same offline and
/// refuses a dossier whose proof does not lead to its checkpoint, even when the dossier itself is validly signed.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class DossierLogTests(DemoSiloFixture fixture) : IDisposable
{
    private readonly TempFolder temp = new("nguon-dossier-log-");
    private const string Lot = DemoSiloFixture.ExportLot;

    public void Dispose() => temp.Dispose();

    private async Task<(string Jws, string Jwks)> Fetch()
    {
        var importer = await fixture.Demo(DemoSiloFixture.DemoImporter);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{Lot}/dossier");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", importer.Token);
        using var response = await fixture.Client.SendAsync(request);
        var jws = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, jws);
        return (jws, await fixture.Client.GetStringAsync(".well-known/jwks.json"));
    }

    private static JsonObject Payload(string jws, string jwks)
    {
        var key = Assert.Single(JwkSet.FromJson(jwks, JWT.DefaultSettings.JsonMapper).Keys, k => k.KeyId == (string)JWT.Headers(jws)["kid"]);
        return JsonNode.Parse(JWT.Decode(jws, key, JwsAlgorithm.ES256))!.AsObject();
    }

    [Fact]
    public async Task Every_head_of_the_dossier_has_an_inclusion_proof_an_independent_RFC_9162_checker_accepts()
    {
        var (jws, jwks) = await Fetch();
        var payload = Payload(jws, jwks);
        var log = payload["log"]!.AsObject();
        var checkpoint = log["checkpoint"]!.AsObject();
        var size = (long)checkpoint["treeSize"]!;
        var root = Convert.FromHexString((string)checkpoint["rootHash"]!);
        var signed = IndependentRfc9162.CheckpointBytes(size, (string)checkpoint["rootHash"]!, UnixMs(checkpoint["time"]!));
        Assert.True(IndependentRfc9162.VerifyEs256(jwks, (string)checkpoint["keyId"]!, signed, (string)checkpoint["signature"]!),
            "the checkpoint's signature does not verify with the published key");

        // What the dossier states, read from its records: each batch's event count and head hash, each farm's and
        // certificate's entry count and last entry hash.
        var stated = new HashSet<(string Kind, string Id, long Sequence, string Hash)>();
        foreach (var node in payload["batches"]!.AsArray())
        {
            var batch = node!["batch"]!;
            stated.Add(("batch", (string)batch["code"]!, (long)batch["eventCount"]!, (string)batch["headHash"]!));
        }
        foreach (var (list, kind, id) in new[] { ("farmLogs", "farm", "code"), ("certificateLogs", "certificate", "number") })
        {
            foreach (var record in payload[list]!.AsArray())
            {
                var entries = record!["entries"]!.AsArray();
                stated.Add((kind, (string)record[id]!, entries.Count, (string)entries[^1]!["hash"]!));
            }
        }
        Assert.Equal(5, stated.Count(s => s.Kind == "batch"));
        Assert.Equal(3, stated.Count(s => s.Kind == "farm"));
        Assert.Equal(1, stated.Count(s => s.Kind == "certificate"));

        var heads = log["heads"]!.AsArray().Select(h => h!.AsObject()).ToList();
        Assert.Equal(stated.Order(), heads.Select(h => ((string)h["kind"]!, (string)h["id"]!, (long)h["sequence"]!, (string)h["hash"]!)).Order());
        foreach (var head in heads)
        {
            var leaf = IndependentRfc9162.Leaf(IndependentRfc9162.LeafBytes((string)head["kind"]!, (string)head["id"]!,
                (long)head["sequence"]!, (string)head["hash"]!, UnixMs(head["time"]!)));
            var path = head["path"]!.AsArray().Select(p => Convert.FromHexString((string)p!)).ToList();
            var index = (long)head["leafIndex"]!;
            Assert.True(IndependentRfc9162.VerifyInclusion(leaf, index, size, path, root),
                $"{head["kind"]} {head["id"]}: its inclusion proof does not lead to the checkpoint's root");
            // The check can fail: the same proof for a neighbouring leaf, or with one hash changed, does not verify.
            if (path.Count > 0)
            {
                Assert.False(IndependentRfc9162.VerifyInclusion(leaf, index == 0 ? 1 : index - 1, size, path, root));
                var changed = path.Select(p => (byte[])p.Clone()).ToList();
                changed[0][0] ^= 1;
                Assert.False(IndependentRfc9162.VerifyInclusion(leaf, index, size, changed, root));
            }
        }
    }

    [Fact]
    public async Task A_validly_signed_dossier_whose_log_proof_is_wrong_is_refused_by_nguon_dossier_verify()
    {
        var (jws, jwks) = await Fetch();
        var payload = Payload(jws, jwks);

        // Whoever holds a dossier key could sign any payload: here a test key signs the dossier with one proof hash
        // changed; the key set holds that key and the silo's (which signed the checkpoint). The log proof, not the
        // dossier signature, must catch it.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keys = Path.Combine(temp.Path, "jwks.json");
        await File.WriteAllTextAsync(keys, WithKey(jwks, key));
        var honest = Path.Combine(temp.Path, "honest.jws");
        await File.WriteAllTextAsync(honest, Sign(payload, key));
        (await NguonTool.RunInProcess("--server", "http://127.0.0.1:1", "dossier", "verify", honest, "--jwks", keys)).Ok();

        var head = payload["log"]!["heads"]!.AsArray().Select(h => h!.AsObject()).First(h => h["path"]!.AsArray().Count > 0);
        var first = (string)head["path"]![0]!;
        head["path"]![0] = (first[0] == '0' ? "1" : "0") + first[1..];
        var forged = Path.Combine(temp.Path, "forged.jws");
        await File.WriteAllTextAsync(forged, Sign(payload, key));
        var refused = await NguonTool.RunInProcess("--server", "http://127.0.0.1:1", "dossier", "verify", forged, "--jwks", keys);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.StartsWith("nguon: dossier NOT VALID: the log proof of", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains((string)head["id"]!, refused.Stderr, StringComparison.Ordinal);
    }

    private static string Sign(JsonObject payload, ECDsa key) =>
        Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(payload), key, JsonWebKeySet.Thumbprint(key), DossierPayload.ContentType);

    private static string WithKey(string jwks, ECDsa key)
    {
        var set = JsonNode.Parse(jwks)!.AsObject();
        set["keys"]!.AsArray().Add(JsonWebKeySet.PublicJwk(key));
        return set.ToJsonString();
    }

    private static long UnixMs(JsonNode time) => DateTimeOffset.Parse((string)time!, System.Globalization.CultureInfo.InvariantCulture)
        .ToUnixTimeMilliseconds();
}
