using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Domain.Epcis;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.Epcis;

/// <summary>The capture side of EPCIS 2.0's REST binding: <c>POST /epcis/capture</c> (a document: 202 and its job),
/// <c>GET /epcis/capture/{id}</c> (the job), <c>POST /epcis/events</c> (one event: 201 and where it is), and
/// <c>OPTIONS /epcis/capture</c> (the limits). A document that is not valid EPCIS 2.0 is refused whole with a 400 and
/// stores nothing. A capture is finished when its answer is sent: the 202's job already says how it went.</summary>
public static class EpcisCaptureEndpoints
{
    private const string ErrorBehaviourHeader = "GS1-Capture-Error-Behaviour";

    /// <summary>Roles that record events; an admin key manages keys, it does not capture.</summary>
    private static readonly Role[] CaptureRoles = [Role.Producer, Role.Operator, Role.Retailer, Role.Inspector, Role.Authority];

    public static RouteGroupBuilder MapCapture(this RouteGroupBuilder group)
    {
        group.MapPost("/capture", CaptureDocument).WithSummary(
            "Capture an EPCIS 2.0 document (GS1-Capture-Error-Behaviour: rollback | proceed); 202 with the finished job");
        group.MapGet("/capture/{captureId}", GetJob).WithSummary("A capture job: running, success and the errors of its events");
        group.MapMethods("/capture", ["OPTIONS"], Limits).AllowAnonymous().WithSummary("The capture limits");
        group.MapPost("/events", CaptureEvent).WithSummary("Capture one EPCIS 2.0 event; 201 with its location");
        return group;
    }

    public static async Task<Results<Accepted<CaptureJob>, ProblemHttpResult>> CaptureDocument(HttpContext http, EpcisCapture capture,
        CancellationToken cancellationToken)
    {
        if (Refusal(http) is { } refused) return refused;
        var behaviour = http.Request.Headers[ErrorBehaviourHeader].ToString().Trim().ToLowerInvariant() switch
        {
            "" or EpcisCapture.Rollback => EpcisCapture.Rollback,
            EpcisCapture.Proceed => EpcisCapture.Proceed,
            _ => null,
        };
        if (behaviour is null)
            return EpcisProblems.Problem(400, EpcisProblems.Validation, "Unknown capture error behaviour",
                $"{ErrorBehaviourHeader} is rollback or proceed");
        var (document, bad) = await Read(http, cancellationToken);
        if (bad is not null) return bad;
        using (document)
        {
            var root = document!.RootElement;
            var validation = EpcisValidation.Document(root);
            if (!validation.IsValid) return Invalid(validation);
            var count = EventHashId.Events(root).Count();
            if (count > EpcisCapture.MaxEvents)
                return EpcisProblems.Problem(413, EpcisProblems.CaptureLimitExceeded, "Too many events",
                    $"the document has {count} events; a capture takes at most {EpcisCapture.MaxEvents}");
            var job = await capture.Document(root, http.Actor(), behaviour, cancellationToken);
            return TypedResults.Accepted($"/epcis/capture/{job.CaptureId}", job);
        }
    }

    public static async Task<Results<Ok<CaptureJob>, ProblemHttpResult>> GetJob(string captureId, HttpContext http, EpcisEventStore store,
        CancellationToken cancellationToken)
    {
        var actor = http.Actor();
        var job = captureId.Length <= 64 ? await store.Job(captureId, cancellationToken) : null;
        // Another organisation's job is answered as missing: its existence is the capturer's business.
        return job is not null && (job.Organisation == actor.Organisation || actor.Has(Role.Admin))
            ? TypedResults.Ok(job)
            : EpcisProblems.Problem(404, EpcisProblems.NoSuchResource, "No such capture job", $"no capture job {captureId}");
    }

    public static NoContent Limits(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.Allow = "GET, POST, OPTIONS";
        headers["GS1-EPCIS-Capture-Limit"] = EpcisCapture.MaxEvents.ToString(CultureInfo.InvariantCulture);
        headers["GS1-EPCIS-Capture-File-Size-Limit"] = EpcisCapture.MaxBytes.ToString(CultureInfo.InvariantCulture);
        headers[ErrorBehaviourHeader] = "rollback, proceed";
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created, ProblemHttpResult>> CaptureEvent(HttpContext http, EpcisCapture capture,
        CancellationToken cancellationToken)
    {
        if (Refusal(http) is { } refused) return refused;
        var (document, bad) = await Read(http, cancellationToken);
        if (bad is not null) return bad;
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() is "EPCISDocument" or "EPCISQueryDocument")
                return EpcisProblems.Problem(400, EpcisProblems.Validation, "A document, not an event",
                    "POST /epcis/events takes one event; send a document to POST /epcis/capture");
            var validation = EpcisValidation.Event(root, null);
            if (!validation.IsValid) return Invalid(validation);
            var (eventId, error) = await capture.Event(root, http.Actor(), cancellationToken);
            if (error is not null) return EpcisProblems.Problem(error.Status, error.Type, error.Title, error.Detail);
            return TypedResults.Created($"/epcis/events/{Uri.EscapeDataString(eventId)}");
        }
    }

    private static ProblemHttpResult? Refusal(HttpContext http) =>
        Permissions.RequireRole(http.Actor(), "capture EPCIS events", CaptureRoles) is { } denied
            ? EpcisProblems.Problem(403, EpcisProblems.Security, "Forbidden", denied.Message)
            : null;

    private static ProblemHttpResult Invalid(EpcisValidationResult validation) =>
        EpcisProblems.Problem(400, EpcisProblems.Validation, "Not valid EPCIS 2.0",
            validation.Problems[0].Message + (validation.Problems.Count > 1 ? $" (and {validation.Problems.Count - 1} more)" : ""),
            [.. validation.Problems.Select(p => new { pointer = p.Pointer, detail = p.Message, eventIndex = p.EventIndex })]);

    /// <summary>The body as JSON, within the capture's size limit; or the problem that refuses it.</summary>
    private static async Task<(JsonDocument?, ProblemHttpResult?)> Read(HttpContext http, CancellationToken cancellationToken)
    {
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/json" or "application/ld+json"))
            return (null, EpcisProblems.Problem(415, EpcisProblems.Validation, "Unsupported media type",
                "send EPCIS 2.0 JSON as application/json or application/ld+json"));
        if (http.Request.ContentLength > EpcisCapture.MaxBytes) return (null, TooLarge());
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = EpcisCapture.MaxBytes;
        try
        {
            return (await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken), null);
        }
        catch (JsonException e)
        {
            return (null, EpcisProblems.Problem(400, EpcisProblems.Validation, "Not JSON", $"the body is not JSON: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
    }

    private static ProblemHttpResult TooLarge() =>
        EpcisProblems.Problem(413, EpcisProblems.CaptureLimitExceeded, "Too large",
            $"a capture takes at most {EpcisCapture.MaxBytes} bytes");
}
