using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.Epcis;

/// <summary>The query side of EPCIS 2.0's REST binding. So far one event by its eventID, as captured; the query
/// parameters of GET /epcis/events are still to come (issue 16, item 4).</summary>
public static class EpcisQueryEndpoints
{
    public static RouteGroupBuilder MapQuery(this RouteGroupBuilder group)
    {
        group.MapGet("/events/{eventId}", GetEvent).WithSummary("One captured event by its eventID (URL-encoded), as captured");
        return group;
    }

    /// <summary>The event, for the organisation that captured it and for inspectors, the authority and admins; anyone else
    /// is answered as if there were none (whether an event exists is the capturer's business).</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetEvent(string eventId, HttpContext http,
        EpcisEventStore store, CancellationToken cancellationToken)
    {
        // Routing leaves %2F encoded in a segment: an eventID (ni:///…) is read whole.
        eventId = Uri.UnescapeDataString(eventId);
        var actor = http.Actor();
        var stored = eventId.Length <= 512 ? await store.Event(eventId, cancellationToken) : null;
        if (stored is not { } e || (e.Organisation != actor.Organisation && !actor.HasAny(Role.Inspector, Role.Authority, Role.Admin)))
            return EpcisProblems.Problem(404, EpcisProblems.NoSuchResource, "No such event", $"no event {eventId}");
        return TypedResults.Content(JsonNode.Parse(e.Body)!.ToJsonString(), "application/ld+json");
    }
}
