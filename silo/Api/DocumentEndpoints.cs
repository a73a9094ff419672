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
            var subject = kind.ToString().ToLowerInvariant();
            var api = app.MapGroup($"/api/{NguonClient.Segment(kind)}/{{id}}/documents").WithTags("Documents")
                .WithMetadata(new DocumentSubject(kind)).WithInputChecks().RequireAuthorization();
            api.MapPost("", Upload).WithSummary($"Attach a document to a {subject}: the body is the document, " +
                "Content-Type its media type (PDF, PNG, JPEG, JSON, XML, CSV, plain text; " +
                "others are refused with a problem document, not by routing); " +
                "?name=file name&type=e.g. phytosanitary-certificate");
            api.MapGet("", List).WithSummary($"The documents attached to a {subject} (references: hash, size, media type, name, uploader)");
            api.MapGet("/{sha256}", Download)
                .WithSummary("Download a document; its SHA-256 is checked before it is sent (Repr-Digest header)");
        }
        return app;
    }

    /// <summary>Endpoint metadata: which kind of subject a document route serves (one route group per kind).</summary>
    public sealed record DocumentSubject(DocumentSubjectKind Kind);

    /// <summary>What the document handlers take besides the route and query.</summary>
    public sealed record DocumentRequest(
        IGrainFactory Grains, HttpContext Http, IDocumentStore Store, DocumentOptions Options, TimeProvider Clock,
        CancellationToken Cancellation)
    {
        public DocumentSubjectKind Kind => Http.GetEndpoint()!.Metadata.GetRequiredMetadata<DocumentSubject>().Kind;
        public IDocumentGrain Grain(string id) => Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(Kind, id));
    }

    public static async Task<Results<Ok<IReadOnlyList<DocumentInfo>>, ProblemHttpResult>> List(
        string id, [AsParameters] DocumentRequest r) =>
        (await r.Grain(id).List(r.Http.Actor())).ToOk();

    public static async Task<Results<Created<DocumentInfo>, ProblemHttpResult>> Upload(
        string id, string? name, string? type, [AsParameters] DocumentRequest r)
    {
        var (http, options, ct) = (r.Http, r.Options, r.Cancellation);
        var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed)
            ? parsed.MediaType.Value?.ToLowerInvariant()
            : null;
        if (!DocumentMediaTypes.IsAllowed(mediaType))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "document.media-type",
                $"media type '{mediaType ?? "(none)"}' is not accepted for documents " +
                $"(accepted: {string.Join(", ", DocumentMediaTypes.Allowed)})");
        if (http.Request.ContentLength > options.MaxBytes) return TooLarge(options);
        var actor = http.Actor();
        var reference = new DocumentInfo(new string('0', 64), 0, mediaType!, name ?? "", type, actor.Organisation, r.Clock.GetUtcNow());
        if (DocumentRules.CheckReference(reference).ToList() is { Count: > 0 } bad) return Outcome<DocumentInfo>.Rejected(bad).ToProblem();
        var grain = r.Grain(id);
        // Permission and the per-subject cap are checked before a byte is stored.
        if (await grain.CanAttach(actor) is { IsOk: false } refused) return refused.As<DocumentInfo>().ToProblem();

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxBytes + 1;
        StagedDocument staged;
        try
        {
            staged = await StagedDocument.StageAsync(http.Request.Body, options.MaxBytes, ct);
        }
        catch (Exception e)
            when (e is DocumentTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Ours, or Kestrel's own limit (set just above ours) tripping first on a chunked body.
            return TooLarge(options);
        }
        await using (staged)
        {
            if (!DocumentMediaTypes.LooksLike(mediaType!, staged.Head))
                return Refuse(StatusCodes.Status415UnsupportedMediaType, "document.media-type",
                    $"the document's bytes are not {mediaType}");
            await Store(staged, mediaType!, r.Store, ct);
            var attached = await grain.Attach(reference with { Sha256 = staged.Sha256, Size = staged.Size }, actor);
            return attached.ToCreated(d => $"/api/{NguonClient.Segment(r.Kind)}/{id}/documents/{d.Sha256}");
        }
    }

    /// <summary>Writes the staged bytes once (content-addressed: the same bytes from anyone are one blob).</summary>
    private static async Task Store(StagedDocument staged, string mediaType, IDocumentStore store, CancellationToken ct)
    {
        if (await store.ExistsAsync(staged.Sha256, ct)) return;
        try
        {
            await using var content = staged.OpenRead();
            await store.WriteOnceAsync(staged.Sha256, content, mediaType, ct);
        }
        catch (DocumentExistsException)
        {
            // Uploaded at the same moment by another request: the same bytes are there now.
        }
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        string id, string sha256, [AsParameters] DocumentRequest r)
    {
        if (DocumentRules.Sha256(sha256) is { } badHash) return Outcome<bool>.Rejected([badHash]).ToProblem();
        var found = await r.Grain(id).Find(sha256, r.Http.Actor());
        return found.IsOk ? await Send(found.Value!, r.Http, r.Store, r.Cancellation) : found.ToProblem();
    }

    /// <summary>Streams a document the caller may read, once its bytes have passed the hash check.</summary>
    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Send(
        DocumentInfo document, HttpContext http, IDocumentStore store, CancellationToken ct)
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
            return Refuse(StatusCodes.Status500InternalServerError, "document.missing",
                $"document {sha256} is referenced but its bytes are not in the document store");
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:";
        return TypedResults.Stream(content, document.MediaType, document.Name, entityTag: new EntityTagHeaderValue($"\"{sha256}\""));
    }

    private static ProblemHttpResult TooLarge(DocumentOptions options) =>
        Refuse(StatusCodes.Status413PayloadTooLarge, "document.too-large",
            $"the document is larger than {options.MaxBytes:N0} bytes, the most accepted");

    private static ProblemHttpResult Refuse(int status, string rule, string message) =>
        ApiResults.Problem(status, [new Violation(rule, message)]);
}
