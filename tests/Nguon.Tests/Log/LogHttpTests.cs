using System.Net;
using System.Text.Json;
using Nguon.Tests.Http;

namespace Nguon.Tests.Log;

/// <summary>The public /api/log endpoints of a silo process, checked with <see cref="IndependentRfc9162"/> (no product
/// code): the checkpoint is signed by a key of the JWKS, the leaves served hash to its root, every leaf's inclusion
/// proof and the consistency proof between two checkpoints verify, and bad requests are 400/404 problems.</summary>
[Collection(RestartSiloCollection.Name)]
public sealed class LogHttpTests
{
    [Fact]
    public async Task Checkpoints_leaves_and_proofs_verify_independently_and_bad_requests_are_problems()
    {
        await using var silo = new SiloProcess(demo: false);
        await silo.StartAsync();
        var client = silo.Client;
        var w = new HttpWorld(silo);
        await w.FarmWithHarvest(kg: 500m);
        var first = await LogHttp.CheckpointWith(client, "batch", w.Id("H"), 1);
        var jwks = await client.GetStringAsync(".well-known/jwks.json");
        var (size, root) = Check(first, jwks);

        // The leaves served hash to the signed root, and each one's inclusion proof leads to it.
        var leaves = await client.GetAsync($"api/log/leaves?start=0&count={size}").Expect(HttpStatusCode.OK);
        var hashes = leaves.EnumerateArray().Select(LeafHash).ToList();
        Assert.Equal(size, hashes.Count);
        Assert.Equal(root, IndependentRfc9162.Mth(hashes));
        for (var i = 0; i < size; i++)
        {
            var proof = await client.GetAsync($"api/log/proofs/inclusion?index={i}&size={size}").Expect(HttpStatusCode.OK);
            Assert.True(IndependentRfc9162.VerifyInclusion(hashes[i], i, size, Path(proof), root), $"leaf {i}'s inclusion proof");
        }

        // The log grows with the next write; the new checkpoint extends the old one, and the old one is still served.
        var producer = await w.Producer("htx-test");
        await client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(2)) }, producer)
            .Expect(HttpStatusCode.Created);
        var second = await LogHttp.CheckpointWith(client, "batch", w.Id("H"), 2);
        var (newSize, newRoot) = Check(second, jwks);
        Assert.True(newSize > size);
        var consistency = await client.GetAsync($"api/log/proofs/consistency?first={size}&second={newSize}").Expect(HttpStatusCode.OK);
        Assert.True(IndependentRfc9162.VerifyConsistency(size, newSize, Path(consistency), root, newRoot));
        // Not any root passes: the proof does not lead to a changed old root.
        var wrongRoot = (byte[])root.Clone();
        wrongRoot[0] ^= 1;
        Assert.False(IndependentRfc9162.VerifyConsistency(size, newSize, Path(consistency), wrongRoot, newRoot));
        var kept = await client.GetAsync($"api/log/checkpoints/{size}").Expect(HttpStatusCode.OK);
        Assert.Equal(first.GetRawText(), kept.GetRawText());
        var listed = await client.GetAsync("api/log/checkpoints?page=0").Expect(HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("checkpoints").EnumerateArray(), c => c.GetRawText() == first.GetRawText());

        // Bad requests change nothing and say what is wrong.
        foreach (var (path, status) in new[]
        {
            ("api/log/leaves", HttpStatusCode.BadRequest),
            ("api/log/leaves?start=0&count=0", HttpStatusCode.BadRequest),
            ("api/log/leaves?start=0&count=1001", HttpStatusCode.BadRequest),
            ($"api/log/leaves?start={newSize + 5}&count=1", HttpStatusCode.BadRequest),
            ("api/log/leaves?start=abc", HttpStatusCode.BadRequest),
            ($"api/log/proofs/inclusion?index={size}&size={size}", HttpStatusCode.BadRequest),
            ($"api/log/proofs/inclusion?index=0&size={newSize + 1000}", HttpStatusCode.BadRequest),
            ("api/log/proofs/inclusion?index=0", HttpStatusCode.BadRequest),
            ($"api/log/proofs/consistency?first={newSize}&second={size}", HttpStatusCode.BadRequest),
            ("api/log/proofs/consistency?first=0&second=1", HttpStatusCode.BadRequest),
            ("api/log/checkpoints?page=-1", HttpStatusCode.BadRequest),
            ($"api/log/checkpoints/{newSize + 1000}", HttpStatusCode.NotFound),
        })
            await client.GetAsync(path).ExpectProblem(status);
    }

    /// <summary>The checkpoint's size and root, after checking its ES256 signature against the published key set.</summary>
    private static (long Size, byte[] Root) Check(JsonElement checkpoint, string jwks)
    {
        var size = checkpoint.GetProperty("treeSize").GetInt64();
        var root = checkpoint.Str("rootHash");
        var signed = IndependentRfc9162.CheckpointBytes(size, root, checkpoint.GetProperty("time").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.True(IndependentRfc9162.VerifyEs256(jwks, checkpoint.Str("keyId"), signed, checkpoint.Str("signature")),
            $"checkpoint {size} does not verify with the published keys");
        return (size, Convert.FromHexString(root));
    }

    private static byte[] LeafHash(JsonElement entry)
    {
        var leaf = entry.GetProperty("leaf");
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', "nguon-log-leaf/1", leaf.Str("record"),
            leaf.GetProperty("sequence").GetInt64(), leaf.Str("hash"), leaf.GetProperty("time").GetDateTimeOffset().ToUnixTimeMilliseconds()));
        return IndependentRfc9162.Leaf(bytes);
    }

    private static List<byte[]> Path(JsonElement proof) =>
        [.. proof.GetProperty("path").EnumerateArray().Select(p => Convert.FromHexString(p.GetString()!))];
}
