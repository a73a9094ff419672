using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Nguon.Client;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Documents;

namespace Nguon.Silo.Api;

/// <summary>Documents of batches, farms and GI certificates: upload (the body is the document, streamed to a
/// temporary file while its SHA-256 is computed), list, download (re-hashed before a byte is sent).</summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        foreach (var kind in Enum.GetValues<DocumentSubjectKind>())
        {
            var group = app.MapGroup($"/api/{NguonClient.Segment(kind)}/{{id}}/documents").WithTags("Documents").AddEndpointFilter<ValidIdsFilter>().RequireAuthorization();
            group.MapPost("", (string id, string? name, string? type, HttpContext http, IGrainFactory grains, IDocumentStore store, DocumentOptions options, TimeProvider clock, CancellationToken ct) =>
                    Upload(kind, id, name, type, http, grains, store, options, clock, ct))
                .WithSummary($"Attach a document to a {kind.ToString().ToLowerInvariant()}: the body is the document, Content-Type its media type (PDF, PNG, JPEG, JSON, XML, CSV, plain text; others are refused with a problem document, not by routing); ?name=file name&type=e.g. phytosanitary-certificate");
            group.MapGet("", async Task<Results<Ok<IReadOnlyList<DocumentInfo>>, ProblemHttpResult>> (string id, HttpContext http, IGrainFactory grains) =>
                    (await Grain(grains, kind, id).List(http.Actor())).ToOk())
                .WithSummary($"The documents attached to a {kind.ToString().ToLowerInvariant()} (references: hash, size, media type, name, uploader)");
            group.MapGet("/{sha256}", (string id, string sha256, HttpContext http, IGrainFactory grains, IDocumentStore store, CancellationToken ct) =>
                    Download(kind, id, sha256, http, grains, store, ct))
                .WithSummary("Download a document; its SHA-256 is checked before it is sent (Repr-Digest header)");
        }
        return app;
    }

    private static IDocumentGrain Grain(IGrainFactory grains, DocumentSubjectKind kind, string id) => grains.GetGrain<IDocumentGrain>(DocumentRules.Key(kind, id));

    private static async Task<Results<Created<DocumentInfo>, ProblemHttpResult>> Upload(DocumentSubjectKind kind, string id, string? name, string? type,
        HttpContext http, IGrainFactory grains, IDocumentStore store, DocumentOptions options, TimeProvider clock, CancellationToken ct)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        if (!DocumentMediaTypes.IsAllowed(mediaType))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "document.media-type",
                $"media type '{mediaType ?? "(none)"}' is not accepted for documents (accepted: {string.Join(", ", DocumentMediaTypes.Allowed)})");
        if (http.Request.ContentLength > options.MaxBytes) return TooLarge(options);
        var actor = http.Actor();
        var reference = new DocumentInfo(new string('0', 64), 0, mediaType!, name ?? "", type, actor.Organisation, clock.GetUtcNow());
        if (DocumentRules.CheckReference(reference).ToList() is { Count: > 0 } bad) return Outcome<DocumentInfo>.Rejected(bad).ToProblem();
        var grain = Grain(grains, kind, id);
        // Permission and the per-subject cap are checked before a byte is stored.
        if (await grain.CanAttach(actor) is { IsOk: false } refused) return refused.As<DocumentInfo>().ToProblem();

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = options.MaxBytes + 1;
        StagedDocument staged;
        try
        {
            staged = await StagedDocument.StageAsync(http.Request.Body, options.MaxBytes, ct);
        }
        catch (Exception e) when (e is DocumentTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Ours, or Kestrel's own limit (set just above ours) tripping first on a chunked body.
            return TooLarge(options);
        }
        await using (staged)
        {
            if (!DocumentMediaTypes.LooksLike(mediaType!, staged.Head))
                return Refuse(StatusCodes.Status415UnsupportedMediaType, "document.media-type", $"the document's bytes are not {mediaType}");
            if (!await store.ExistsAsync(staged.Sha256, ct))
            {
                try
                {
                    await using var content = staged.OpenRead();
                    await store.WriteOnceAsync(staged.Sha256, content, mediaType!, ct);
                }
                catch (DocumentExistsException)
                {
                    // Uploaded at the same moment by another request: the same bytes are there now.
                }
            }
            var attached = await grain.Attach(reference with { Sha256 = staged.Sha256, Size = staged.Size }, actor);
            return attached.ToCreated(d => $"/api/{NguonClient.Segment(kind)}/{id}/documents/{d.Sha256}");
        }
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(DocumentSubjectKind kind, string id, string sha256,
        HttpContext http, IGrainFactory grains, IDocumentStore store, CancellationToken ct)
    {
        if (!DocumentRules.IsSha256(sha256))
            return Outcome<bool>.Rejected("input.sha256", $"'{sha256}' is not a SHA-256 (64 lower-case hex digits)").ToProblem();
        var found = await Grain(grains, kind, id).Find(sha256, http.Actor());
        return found.IsOk ? await Send(found.Value!, http, store, ct) : found.ToProblem();
    }

    /// <summary>Streams a document the caller may read, once its bytes have passed the hash check.</summary>
    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Send(DocumentInfo document, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var sha256 = document.Sha256;
        Stream? content;
        try
        {
            content = await store.OpenVerifiedAsync(sha256, ct);
        }
        catch (DocumentCorruptException e)
        {
            return Refuse(StatusCodes.Status500InternalServerError, "document.corrupt", e.Message);
        }
        if (content is null)
            return Refuse(StatusCodes.Status500InternalServerError, "document.missing", $"document {sha256} is referenced but its bytes are not in the document store");
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:";
        return TypedResults.Stream(content, document.MediaType, document.Name, entityTag: new EntityTagHeaderValue($"\"{sha256}\""));
    }

    private static ProblemHttpResult TooLarge(DocumentOptions options) =>
        Refuse(StatusCodes.Status413PayloadTooLarge, "document.too-large", $"the document is larger than {options.MaxBytes:N0} bytes, the most accepted");

    private static ProblemHttpResult Refuse(int status, string rule, string message) => ApiResults.Problem(status, [new Violation(rule, message)]);
}
