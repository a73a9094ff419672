using System.Net;
using System.Net.Http.Headers;
using Nguon.Client.Demo;

namespace Nguon.Tests.Http;

/// <summary>Cheap bytes (issue "Scans in constant time…", item 3): the public verification, the label page and the
/// linkset carry a weak ETag and <c>no-cache</c>, so an unchanged answer is a 304 of headers only, and a verdict that
/// changes (a suspension) gets a new tag at once; text answers are compressed when the client accepts it; a trace can
/// leave out its event bodies.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class CheapBytesTests(DemoSiloFixture fixture)
{
    private const string LabelPage = "label/01/08935000100011/10/LN26EXP01";
    private HttpClient Client => fixture.Client;

    private async Task<HttpResponseMessage> Get(string path, string? ifNoneMatch = null, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await Client.SendAsync(request);
    }

    private static string Tag(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tag = response.Headers.ETag;
        Assert.NotNull(tag);
        Assert.True(tag.IsWeak);
        Assert.True(response.Headers.CacheControl?.NoCache, "a verdict may change at any moment: revalidate every time");
        return tag.ToString();
    }

    private static async Task AssertNotModified(HttpResponseMessage response, string tag)
    {
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(tag, response.Headers.ETag?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unchanged_verdict_is_a_304_and_a_suspension_changes_the_tag_at_once()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var path = $"api/batches/{w.Id("H")}/verification";
        var tag = Tag(await Get(path));
        await AssertNotModified(await Get(path, tag), tag);
        await AssertNotModified(await Get(path, $"W/\"other\", {tag}"), tag);

        await Client.Post($"api/certificates/{w.Gi}/status", new { status = "suspended", reason = "audit" }, await w.Authority())
            .Expect(HttpStatusCode.OK);
        using var changed = await Get(path, tag);
        var suspendedTag = Tag(changed);
        Assert.NotEqual(tag, suspendedTag);
        Assert.Equal("notVerified", (await changed.Expect(HttpStatusCode.OK)).Str("verdict"));
        await AssertNotModified(await Get(path, suspendedTag), suspendedTag);
    }

    [Fact]
    public async Task The_label_page_and_the_linkset_revalidate_per_language()
    {
        await fixture.DemoDataLoaded();
        var english = Tag(await Get(LabelPage, language: "en"));
        await AssertNotModified(await Get(LabelPage, english, "en"), english);
        var japanese = Tag(await Get(LabelPage, english, "ja"));
        Assert.NotEqual(english, japanese);

        var linkset = "01/08935000100011/10/LN26EXP01?linkType=linkset";
        var tag = Tag(await Get(linkset));
        await AssertNotModified(await Get(linkset, tag), tag);
        // A stale tag is answered in full.
        Assert.Equal(HttpStatusCode.OK, (await Get(linkset, "W/\"stale\"")).StatusCode);
    }

    [Fact]
    public async Task Text_answers_are_compressed_when_the_client_accepts_it()
    {
        await fixture.DemoDataLoaded();
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        foreach (var encoding in new[] { "br", "gzip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{DemoData.RetailLot}/trace");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inspector.Token);
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var response = await Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            var compressed = (await response.Content.ReadAsByteArrayAsync()).Length;
            var plain = (await (await Client.Get($"api/batches/{DemoData.RetailLot}/trace", inspector)).Content.ReadAsByteArrayAsync()).Length;
            Assert.True(compressed * 2 < plain, $"{encoding}: {compressed} bytes of {plain}");
        }
    }

    [Fact]
    public async Task A_trace_can_leave_out_event_bodies_or_carry_only_their_hashes()
    {
        await fixture.DemoDataLoaded();
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var path = $"api/batches/{DemoData.RetailLot}/trace";
        var fullText = await (await Client.Get(path, inspector)).Content.ReadAsStringAsync();
        var full = System.Text.Json.JsonDocument.Parse(fullText).RootElement;
        var noneText = await (await Client.Get(path + "?events=none", inspector)).Content.ReadAsStringAsync();
        var none = System.Text.Json.JsonDocument.Parse(noneText).RootElement;
        var hashes = await Client.Get(path + "?events=HASHES", inspector).Expect(HttpStatusCode.OK);

        Assert.Equal(full.Str("rootHash"), none.Str("rootHash"));
        Assert.Equal(full.Str("rootHash"), hashes.Str("rootHash"));
        Assert.True(noneText.Length * 2 < fullText.Length, $"{noneText.Length} of {fullText.Length} characters");
        var fullNodes = full.GetProperty("batches").EnumerateArray().ToList();
        Assert.All(none.GetProperty("batches").EnumerateArray(),
            n => Assert.Equal(System.Text.Json.JsonValueKind.Null, n.GetProperty("events").ValueKind));
        foreach (var (node, i) in hashes.GetProperty("batches").EnumerateArray().Select((n, i) => (n, i)))
        {
            var expected = fullNodes[i].GetProperty("events").EnumerateArray().Select(e => (e.Str("hash"), e.Str("previousHash")));
            Assert.Equal(expected, node.GetProperty("events").EnumerateArray().Select(e => (e.Str("hash"), e.Str("previousHash"))));
            Assert.Equal(fullNodes[i].GetProperty("batch").Str("headHash"), node.GetProperty("batch").Str("headHash"));
        }
        foreach (var bad in new[] { "some", "1", "" })
            Assert.Equal(["input.events"], (await Client.Get($"{path}?events={bad}", inspector).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
    }
}
