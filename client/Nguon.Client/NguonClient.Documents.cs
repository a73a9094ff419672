using System.Net.Http.Headers;
using System.Security.Cryptography;
using Nguon.Model;

namespace Nguon.Client;

public sealed partial class NguonClient
{
    public static string Segment(DocumentSubjectKind kind) => kind switch
    {
        DocumentSubjectKind.Batch => "batches",
        DocumentSubjectKind.Farm => "farms",
        _ => "certificates",
    };

    private static string DocumentsPath(DocumentSubjectKind kind, string id) => $"api/{Segment(kind)}/{E(id)}/documents";

    /// <summary>Uploads a document (streamed) and attaches it to the subject.</summary>
    public async Task<DocumentInfo> UploadDocument(DocumentSubjectKind kind, string id, Stream content, string mediaType, string name,
        string? type = null, CancellationToken ct = default)
    {
        // One attempt: a stream is sent once (a retry of the same bytes would attach the same reference anyway).
        using var request = new HttpRequestMessage(HttpMethod.Post,
            new Uri(Server, $"{DocumentsPath(kind, id)}?name={E(name)}" + (type is null ? "" : $"&type={E(type)}")))
        {
            Content = new StreamContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw await Failure(response, ct);
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<DocumentInfo>(response.Content, Json, ct))!;
    }

    public Task<List<DocumentInfo>> ListDocuments(DocumentSubjectKind kind, string id, CancellationToken ct = default) =>
        Send<List<DocumentInfo>>(HttpMethod.Get, DocumentsPath(kind, id), null, ct);

    /// <summary>Downloads a document into <paramref name="destination"/> and checks its SHA-256 here too.</summary>
    public Task DownloadDocument(DocumentSubjectKind kind, string id, string sha256, Stream destination, CancellationToken ct = default) =>
        Download($"{DocumentsPath(kind, id)}/{E(sha256)}", sha256, destination, ct);

    /// <summary>Downloads a document listed in a lot's dossier (any document along its chain).</summary>
    public Task DownloadDossierDocument(string code, string sha256, Stream destination, CancellationToken ct = default) =>
        Download($"api/batches/{E(code)}/dossier/documents/{E(sha256)}", sha256, destination, ct);

    private async Task Download(string path, string sha256, Stream destination, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(Server, path), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) throw await Failure(response, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != sha256) throw new InvalidDataException($"the downloaded document hashes to {actual}, not {sha256}");
    }

    /// <summary>The signed dossier as a compact JWS.</summary>
    public Task<string> GetDossier(string code, string? market = null, CancellationToken ct = default)
        => Text($"api/batches/{E(code)}/dossier?format=jws" + Market(market), ct);

    /// <summary>The dossier rendered as a page in English, Japanese and Vietnamese.</summary>
    public Task<string> GetDossierHtml(string code, string? market = null, CancellationToken ct = default)
        => Text($"api/batches/{E(code)}/dossier?format=html" + Market(market), ct);

    /// <summary>The server's dossier verification keys (JWKS).</summary>
    public Task<string> GetJwks(CancellationToken ct = default) => Text(".well-known/jwks.json", ct);

    private static string Market(string? market) => market is null ? "" : $"&market={E(market)}";

    /// <summary>A text read, retried and failed over like every other read.</summary>
    private Task<string> Text(string path, CancellationToken ct) =>
        Send(HttpMethod.Get, path, null, ct, static (content, token) => content.ReadAsStringAsync(token));
}
