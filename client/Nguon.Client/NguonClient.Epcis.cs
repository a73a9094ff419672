using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nguon.Client;

/// <summary>A page of <c>GET /epcis/events</c>: the EPCISQueryDocument as the server sent it, and the token of the next
/// page (from the answer's <c>Link: &lt;…&gt;; rel="next"</c>), null on the last page.</summary>
public sealed record EpcisPage(JsonElement Document, string? NextPageToken)
{
    /// <summary>The page's events (epcisBody.queryResults.resultsBody.eventList).</summary>
    public IEnumerable<JsonElement> Events =>
        Document.TryGetProperty("epcisBody", out var body) && body.TryGetProperty("queryResults", out var results)
        && results.TryGetProperty("resultsBody", out var resultsBody) && resultsBody.TryGetProperty("eventList", out var list)
            ? list.EnumerateArray() : [];
}

// EPCIS 2.0's REST binding (/epcis): capture of documents and events, and the query interface.
public sealed partial class NguonClient
{
    public const string CaptureErrorBehaviourHeader = "GS1-Capture-Error-Behaviour";
    public const string EpcFormatHeader = "GS1-EPC-Format";

    /// <summary>Captures an EPCISDocument (POST /epcis/capture) and answers its capture job, finished: <c>success</c>, the
    /// counts and the errors of the events that were refused. <paramref name="behaviour"/> is rollback (the server's
    /// default: nothing of a document with a refused event is kept) or proceed. A retry re-sends the same document, which
    /// the server recognises event by event (their hash IDs), so nothing is captured twice.</summary>
    public Task<JsonElement> CaptureEpcis(JsonElement document, string? behaviour = null, CancellationToken ct = default) =>
        Send(HttpMethod.Post, "epcis/capture", document, behaviour is null ? null : [(CaptureErrorBehaviourHeader, behaviour)], ct,
            static (response, token) => response.Content.ReadFromJsonAsync<JsonElement>(Json, token));

    /// <summary>One page of GET /epcis/events with SimpleEventQuery parameters (EQ_bizStep, MATCH_epc, GE_eventTime, perPage,
    /// nextPageToken, …), sent as given: the server judges them. <paramref name="epcFormat"/> sets GS1-EPC-Format
    /// (Always_GS1_Digital_Link, Always_EPC_URN or Never_Translates).</summary>
    public Task<EpcisPage> QueryEpcis(IEnumerable<(string Name, string? Value)> parameters, string? epcFormat = null,
        CancellationToken ct = default) =>
        Send(HttpMethod.Get, WithQuery("epcis/events", parameters), null, epcFormat is null ? null : [(EpcFormatHeader, epcFormat)], ct,
            static async (response, token) => new EpcisPage(await response.Content.ReadFromJsonAsync<JsonElement>(Json, token),
                NextPageToken(response.Headers.TryGetValues("Link", out var links) ? links : [])));

    /// <summary>A lot's backward chain as one EPCIS 2.0 document (GET /api/batches/{code}/epcis), as the server wrote it.</summary>
    public Task<string> ExportEpcis(string code, CancellationToken ct = default) =>
        Send(HttpMethod.Get, $"api/batches/{E(code)}/epcis", null, ct, static (content, token) => content.ReadAsStringAsync(token));

    private static string? NextPageToken(IEnumerable<string> links) =>
        links.Select(l => NextLink().Match(l)).Where(m => m.Success)
            .Select(m => Uri.UnescapeDataString(m.Groups["token"].Value.Replace('+', ' '))).FirstOrDefault();

    [GeneratedRegex("""<[^>]*[?&]nextPageToken=(?<token>[^&>]*)[^>]*>\s*;\s*rel="?next"?""")]
    private static partial Regex NextLink();
}
