using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Nguon.Silo.Documents;
using Nguon.Silo.Hosting;
using Nguon.Tests.Http;

namespace Nguon.Tests.Documents;

/// <summary>A real silo process whose documents live in Azure Blob Storage (a real Azurite, a container of its
/// own), with a 64 KiB document limit so the size rule is cheap to test.</summary>
public sealed class AzuriteSiloFixture : IAsyncLifetime
{
    public const long MaxBytes = 64 * 1024;
    public string ContainerName { get; } = Azurite.NewContainerName("api");
    public SiloProcess Silo { get; }

    public AzuriteSiloFixture() => Silo = new SiloProcess(false,
    [
        "--Nguon:Documents:Store=AzureBlob",
        $"--Nguon:Documents:ConnectionString={Azurite.ConnectionString}",
        $"--Nguon:Documents:Container={ContainerName}",
        $"--Nguon:Documents:MaxBytes={MaxBytes}",
    ]);

    public Task InitializeAsync() => Silo.StartAsync();
    public Task DisposeAsync() => Silo.DisposeAsync();

    /// <summary>Every blob the silo stored so far.</summary>
    public async Task<List<string>> Blobs()
    {
        var container = Azurite.Container(ContainerName);
        if (!(await container.ExistsAsync()).Value) return [];
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions())) names.Add(blob.Name);
        return names;
    }
}

/// <summary>Uploads and downloads through the HTTP API of a silo process storing documents in Azurite.</summary>
public sealed class DocumentApiTests(AzuriteSiloFixture fixture) : IClassFixture<AzuriteSiloFixture>
{
    private SiloProcess Silo => fixture.Silo;
    private HttpClient Client => Silo.Client;

    /// <summary>A lot in the custody of a fresh packer, with an inspector and an unrelated operator.</summary>
    private async Task<(string Batch, Party Packer, Party Inspector, Party Stranger)> World()
    {
        var s = Api.Suffix();
        var authority = await Silo.Organisation("doc-authority", "authority");
        var packer = await Silo.Organisation($"packer-{s}", "producer", "operator");
        var inspector = await Silo.Organisation("doc-inspector", "inspector");
        var stranger = await Silo.Organisation($"stranger-{s}", "operator");
        var gi = $"GI-{s}";
        await Client.Put($"api/certificates/{gi}", new
        {
            name = new { vi = "Vải thiều Lục Ngạn", en = "Luc Ngan lychee" }, product = "lychee", varieties = new[] { "thiều" }, holder = "DOST",
            protectedAreaGeoJson = Api.Area, validFrom = "2008-01-01T00:00:00+07:00", specification = new { maxYieldKgPerHaPerSeason = 12000 },
        }, authority).Expect(HttpStatusCode.Created);
        await Client.Put($"api/farms/farm-{s}", new
        {
            name = "Vườn vải", owner = packer.Id, address = new { commune = "Phượng Sơn", district = "Lục Ngạn", province = "Bắc Giang" },
            locationGeoJson = Api.Inside, areaHa = 2, crops = new[] { "lychee" },
        }, packer).Expect(HttpStatusCode.Created);
        var batch = $"lot-{s}";
        await Client.Post($"api/farms/farm-{s}/harvests", new { batchCode = batch, product = "lychee", quantity = new { amount = 500, unit = "kg" }, harvestedAt = "2026-06-10T06:00:00+07:00" }, packer)
            .Expect(HttpStatusCode.Created);
        return (batch, packer, inspector, stranger);
    }

    private static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text} {Guid.NewGuid()}\n%%EOF\n");

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task<HttpResponseMessage> Upload(string batch, byte[] bytes, string mediaType, Party by, string name = "certificate.pdf", string type = "phytosanitary-certificate",
        bool chunked = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/batches/{batch}/documents?name={Uri.EscapeDataString(name)}&type={type}")
        {
            Content = new ByteArrayContent(bytes),
        };
        // Chunked: no Content-Length to refuse up front, so the limit is enforced while streaming.
        if (chunked) request.Headers.TransferEncodingChunked = true;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", by.Token);
        return Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> Download(string batch, string sha, Party by)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{batch}/documents/{sha}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", by.Token);
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task An_uploaded_document_is_stored_in_blob_storage_by_its_hash_and_downloads_intact()
    {
        var (batch, _, inspector, _) = await World();
        var bytes = Pdf("phytosanitary certificate");
        var sha = Sha(bytes);

        var created = await Upload(batch, bytes, "application/pdf", inspector).Expect(HttpStatusCode.Created);

        Assert.Equal(sha, created.Str("sha256"));
        Assert.Equal(bytes.Length, created.GetProperty("size").GetInt64());
        Assert.Equal("application/pdf", created.Str("mediaType"));
        Assert.Equal(inspector.Id, created.Str("uploader"));
        Assert.Contains(AzureBlobDocumentStore.BlobName(sha), await fixture.Blobs());
        var listed = await Client.Get($"api/batches/{batch}/documents", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(sha, Assert.Single(listed.EnumerateArray()).Str("sha256"));

        using var download = await Download(batch, sha, inspector);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:", download.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Readiness_includes_the_blob_document_store()
    {
        // Ready once the start-up warm-up has run too (polled: the fixture's silo may still be warming up).
        var deadline = DateTime.UtcNow + StartupWarmUp.Limit + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        while ((status = (await Client.GetAsync("health/ready")).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(200); // polling interval
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_document_altered_in_blob_storage_is_refused_on_download()
    {
        var (batch, packer, _, _) = await World();
        var bytes = Pdf("fumigation record");
        var sha = Sha(bytes);
        await Upload(batch, bytes, "application/pdf", packer, "fumigation.pdf", "fumigation-record").Expect(HttpStatusCode.Created);
        var altered = (byte[])bytes.Clone();
        altered[10] ^= 0x20;
        await Azurite.Container(fixture.ContainerName).GetBlobClient(AzureBlobDocumentStore.BlobName(sha)).UploadAsync(new BinaryData(altered), overwrite: true);

        using var download = await Download(batch, sha, packer);
        var problem = await download.Expect(HttpStatusCode.InternalServerError);
        Assert.Equal("urn:nguon:rule:document.corrupt", problem.Str("type"));
    }

    [Fact]
    public async Task The_same_document_uploaded_twice_is_stored_once_and_listed_once()
    {
        var (batch, packer, _, _) = await World();
        var bytes = Pdf("packing list");
        await Upload(batch, bytes, "application/pdf", packer).Expect(HttpStatusCode.Created);
        await Upload(batch, bytes, "application/pdf", packer).Expect(HttpStatusCode.Created);

        Assert.Single((await Client.Get($"api/batches/{batch}/documents", packer).Expect(HttpStatusCode.OK)).EnumerateArray());
        Assert.Single(await fixture.Blobs(), n => n == AzureBlobDocumentStore.BlobName(Sha(bytes)));
    }

    [Fact]
    public async Task An_oversize_document_is_refused_and_nothing_is_stored()
    {
        var (batch, packer, _, _) = await World();
        var bytes = new byte[AzuriteSiloFixture.MaxBytes + 1];
        Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(bytes, 0);
        RandomNumberGenerator.Fill(bytes.AsSpan(16));
        var before = await fixture.Blobs();

        foreach (var chunked in new[] { false, true })
        {
            var problem = await Upload(batch, bytes, "application/pdf", packer, chunked: chunked).Expect(HttpStatusCode.RequestEntityTooLarge);
            Assert.Equal("urn:nguon:rule:document.too-large", problem.Str("type"));
        }

        Assert.Equal(before, await fixture.Blobs());
        Assert.Empty((await Client.Get($"api/batches/{batch}/documents", packer).Expect(HttpStatusCode.OK)).EnumerateArray());
    }

    [Theory]
    [InlineData("application/x-msdownload", "MZ\u0090\0 executable")]
    [InlineData("text/html", "<html><script>alert(1)</script></html>")]
    [InlineData("application/pdf", "MZ\u0090\0 an executable claiming to be a PDF")]
    [InlineData("image/png", "not a PNG at all")]
    public async Task A_disallowed_or_mislabelled_type_is_refused_and_nothing_is_stored(string mediaType, string content)
    {
        var (batch, packer, _, _) = await World();
        var bytes = Encoding.Latin1.GetBytes(content + Guid.NewGuid());
        var before = await fixture.Blobs();

        var problem = await Upload(batch, bytes, mediaType, packer).Expect(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("urn:nguon:rule:document.media-type", problem.Str("type"));
        Assert.Equal(before, await fixture.Blobs());
        Assert.Empty((await Client.Get($"api/batches/{batch}/documents", packer).Expect(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Another_organisation_may_neither_attach_nor_list_nor_download_and_nothing_is_stored()
    {
        var (batch, packer, _, stranger) = await World();
        var before = await fixture.Blobs();

        var refused = await Upload(batch, Pdf("forged certificate"), "application/pdf", stranger).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("may not attach documents", refused.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Blobs());

        var bytes = Pdf("real certificate");
        var sha = Sha(bytes);
        await Upload(batch, bytes, "application/pdf", packer).Expect(HttpStatusCode.Created);
        await Client.Get($"api/batches/{batch}/documents", stranger).Expect(HttpStatusCode.Forbidden);
        using var download = await Download(batch, sha, stranger);
        await download.Expect(HttpStatusCode.Forbidden);
        await Client.Get($"api/batches/{batch}/documents").Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_names_and_hashes_are_refused_as_input_errors()
    {
        var (batch, packer, _, _) = await World();
        var before = await fixture.Blobs();
        await Upload(batch, Pdf("x"), "application/pdf", packer, name: "../../etc/passwd").Expect(HttpStatusCode.BadRequest);
        await Upload(batch, Pdf("x"), "application/pdf", packer, name: "").Expect(HttpStatusCode.BadRequest);
        Assert.Equal(before, await fixture.Blobs());
        using var download = await Download(batch, "ABC", packer);
        await download.Expect(HttpStatusCode.BadRequest);
        await Upload("no-such-lot", Pdf("x"), "application/pdf", packer).Expect(HttpStatusCode.NotFound);
    }
}
