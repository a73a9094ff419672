using Microsoft.AspNetCore.WebUtilities;
using Nguon.Domain.Epcis;
using Nguon.Silo.Api;

namespace Nguon.Silo.Epcis;

/// <summary>The query side of EPCIS 2.0's REST binding over the captured events: <c>GET /epcis/events</c> (SimpleEventQuery
/// in the query string), one event by its eventID, and the top-level resources (eventTypes, bizSteps, dispositions,
/// readPoints, bizLocations, epcs), each a Collection of its values with an <c>events</c> sub-resource that is the same
/// query narrowed to the value. The reader sees the events its organisation captured and those of lots it may read.</summary>
public static class EpcisQueryEndpoints
{
    /// <summary>The top-level resources whose values come from a column, and the query parameter each value narrows.</summary>
    private static readonly (string Resource, EpcisValueColumn Column, string Parameter)[] ValueResources =
    [
        ("bizSteps", EpcisValueColumn.BizStep, "EQ_bizStep"),
        ("dispositions", EpcisValueColumn.Disposition, "EQ_disposition"),
        ("readPoints", EpcisValueColumn.ReadPoint, "EQ_readPoint"),
        ("bizLocations", EpcisValueColumn.BizLocation, "EQ_bizLocation"),
        ("epcs", EpcisValueColumn.Epc, "MATCH_anyEPC"),
    ];

    public static RouteGroupBuilder MapQuery(this RouteGroupBuilder group)
    {
        group.MapGet("/events", (HttpContext http, CancellationToken ct) => EpcisQueryAnswers.Events(http, null, ct))
            .WithSummary("EPCIS events by SimpleEventQuery parameters (EQ_bizStep, MATCH_epc, GE_eventTime, …), paged by perPage and the "
                + "Link header's nextPageToken");
        group.MapGet("/events/{eventID}", (string eventID, HttpContext http, CancellationToken ct) =>
            EpcisQueryAnswers.Event(http, Decoded(eventID), ct)).WithSummary("One EPCIS event by its (URL-encoded) eventID");
        group.MapGet("/eventTypes", (HttpContext http) => Collection(http, EpcisQueryParameters.EventTypeNames))
            .WithSummary("The EPCIS event types");
        group.MapGet("/eventTypes/{eventType}", (string eventType, HttpContext http) =>
                EpcisQueryParameters.EventTypeNames.Contains(eventType) ? Collection(http, ["events"]) : NoSuch("event type", eventType))
            .WithSummary("An event type's sub-resources");
        group.MapGet("/eventTypes/{eventType}/events", (string eventType, HttpContext http,
                CancellationToken ct) => EpcisQueryAnswers.Events(http, ("eventType", eventType), ct))
            .WithSummary("The events of one type, with the query parameters of /events");
        foreach (var (resource, column, parameter) in ValueResources)
        {
            var name = resource[..^1];
            group.MapGet($"/{resource}", (HttpContext http, CancellationToken ct) =>
                EpcisQueryAnswers.Values(http, column, ct)).WithSummary($"The {resource} of the events the caller may see, paged");
            group.MapGet($"/{resource}/{{value}}", (string value, HttpContext http) => Collection(http, ["events"]))
                .WithSummary($"A {name}'s sub-resources");
            group.MapGet($"/{resource}/{{value}}/events", (string value, HttpContext http,
                    CancellationToken ct) => EpcisQueryAnswers.Events(http, (parameter, Decoded(value)), ct))
                .WithSummary($"The events of one {name} ({parameter}), with the query parameters of /events");
        }
        return group;
    }

    /// <summary>A path segment as given: routing leaves an encoded '/' (%2F) encoded, and eventIDs (ni:///…) and URIs hold them.</summary>
    private static string Decoded(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    internal static IResult Collection(HttpContext http, IEnumerable<string> members) =>
        Results.Bytes(EpcisQueryDocument.Collection(members), EpcisQueryAnswers.ContentType(http));

    internal static IResult NoSuch(string what, string value) =>
        EpcisProblems.Problem(404, EpcisProblems.NoSuchResource, $"No such {what}", $"no {what} {Cut(value)} here");

    internal static string Cut(string v) => v.Length <= 80 ? v : v[..80] + "…";

    /// <summary>This request's URL with <c>nextPageToken</c> set to <paramref name="token"/>, for the Link header.</summary>
    internal static void NextLink(HttpContext http, string token)
    {
        var query = http.Request.Query.Where(q => q.Key != "nextPageToken").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query["nextPageToken"] = token;
        http.Response.Headers.Link = $"<{QueryHelpers.AddQueryString(http.Request.PathBase + http.Request.Path, query)}>; rel=\"next\"";
    }
}
