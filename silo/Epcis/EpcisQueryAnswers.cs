using Nguon.Domain.Epcis;
using Nguon.Infrastructure;
using Nguon.Silo.Api;

namespace Nguon.Silo.Epcis;

/// <summary>The handlers behind <see cref="EpcisQueryEndpoints"/>: parameters read strictly (400
/// QueryParameterException), the query run for the caller, the EPCISQueryDocument or Collection written.</summary>
public static class EpcisQueryAnswers
{
    /// <summary>The binding's 413 exception types (gs1/EPCIS "REST Bindings/openapi.yaml", responses/413QueryScopeOrSize);
    /// its 400 for bad query parameters is <see cref="EpcisProblems.QueryParameter"/> (responses/400QueryIssues).</summary>
    public const string QueryTooLarge = "epcisException:QueryTooLargeException";
    public const string QueryTooComplex = "epcisException:QueryTooComplexException";

    /// <summary>JSON-LD unless the caller asks for plain JSON (and not JSON-LD).</summary>
    public static string ContentType(HttpContext http)
    {
        var accept = http.Request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("application/ld+json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/ld+json";
    }

    /// <summary>GET /epcis/events (and a resource's /events, whose path gives <paramref name="fromPath"/>).</summary>
    public static async Task<IResult> Events(HttpContext http, (string Name, string Value)? fromPath, CancellationToken cancellationToken)
    {
        var parameters = http.Request.Query.Select(q => (q.Key, (IReadOnlyList<string>)[.. q.Value.Select(v => v ?? "")])).ToList();
        if (fromPath is { } path)
        {
            if (parameters.Any(p => p.Key == path.Name))
                return Bad([$"{path.Name}: is given by the path; leave it out of the query string"]);
            parameters.Add((path.Name, [path.Value]));
        }
        var (query, errors) = EpcisQueryParameters.Parse(parameters);
        var format = EpcTranslation.Parse(http.Request.Headers[EpcTranslation.Header]);
        if (format is null) errors = [.. errors, BadFormat];
        if (errors.Count > 0) return Bad(errors);
        var store = http.RequestServices.GetRequiredService<EpcisQueryStore>();
        var reader = http.Actor();
        try
        {
            if (query.MaxEventCount is { } max && query.After is null && await store.Count(query, reader, max, cancellationToken) > max)
                return EpcisProblems.Problem(413, QueryTooLarge, "Query result too large",
                    $"the query finds more than maxEventCount={max} events");
            var page = await store.Events(query, reader, cancellationToken);
            var bodies = await Translation(http).Apply(page.Bodies, format!.Value);
            if (page.Next is { } next) EpcisQueryEndpoints.NextLink(http, EpcisPageToken.Of(next, query.Fingerprint));
            return Document(http, bodies, format.Value);
        }
        catch (EpcisQueryTooComplexException)
        {
            return EpcisProblems.Problem(413, QueryTooComplex, "Query too complex",
                $"the query ran longer than {EpcisQueryStore.StatementTimeout.TotalSeconds:0} s; "
                + "narrow it (a time window, an EPC, a bizStep)");
        }
    }

    /// <summary>GET /epcis/events/{eventID}: a query document of the one event, or 404 when there is none the caller may see.</summary>
    public static async Task<IResult> Event(HttpContext http, string eventId, CancellationToken cancellationToken)
    {
        if (http.Request.Query.Count > 0)
            return Bad([$"{EpcisQueryEndpoints.Cut(http.Request.Query.Keys.First())}: an event by its ID takes no parameters"]);
        if (EpcTranslation.Parse(http.Request.Headers[EpcTranslation.Header]) is not { } format) return Bad([BadFormat]);
        var body = eventId.Length <= EpcisQueryParameters.MaxValueLength
            ? await http.RequestServices.GetRequiredService<EpcisQueryStore>().Event(eventId, http.Actor(), cancellationToken) : null;
        return body is null ? EpcisQueryEndpoints.NoSuch("event", eventId)
            : Document(http, await Translation(http).Apply([body], format), format);
    }

    /// <summary>GET /epcis/bizSteps (and dispositions, readPoints, bizLocations, epcs): the values the caller's visible events
    /// hold, in order, perPage at a time. CBV words come back bare (<c>shipping</c>), as JSON writes them.</summary>
    public static async Task<IResult> Values(HttpContext http, EpcisValueColumn column, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var perPage = EpcisQueryParameters.DefaultPerPage;
        string? after = null;
        foreach (var (name, values) in http.Request.Query)
        {
            var value = values.Count == 1 ? values[0] ?? "" : null;
            if (name == "perPage" && int.TryParse(value, out var n) && n is >= 1 and <= EpcisQueryParameters.MaxPerPage) perPage = n;
            else if (name == "perPage") errors.Add($"perPage: is a whole number from 1 to {EpcisQueryParameters.MaxPerPage}");
            else if (name == "nextPageToken" && value is not null && EpcisValueToken.Read(value) is { } last) after = last;
            else if (name == "nextPageToken") errors.Add("nextPageToken: is not a token this repository gave");
            else errors.Add($"{EpcisQueryEndpoints.Cut(name)}: is not a parameter of this resource; it takes perPage and nextPageToken");
        }
        if (errors.Count > 0) return Bad(errors);
        try
        {
            var (found, more) = await http.RequestServices.GetRequiredService<EpcisQueryStore>()
                .Values(column, http.Actor(), after, perPage, cancellationToken);
            if (more) EpcisQueryEndpoints.NextLink(http, EpcisValueToken.Of(found[^1]));
            var prefix = column switch
            {
                EpcisValueColumn.BizStep => EpcisIndex.BizStepPrefix,
                EpcisValueColumn.Disposition => EpcisIndex.DispositionPrefix,
                _ => null,
            };
            return EpcisQueryEndpoints.Collection(http,
                found.Select(v => prefix is not null && v.StartsWith(prefix, StringComparison.Ordinal) ? v[prefix.Length..] : v));
        }
        catch (EpcisQueryTooComplexException)
        {
            return EpcisProblems.Problem(413, QueryTooComplex, "Query too complex", "listing the values ran too long");
        }
    }

    private const string BadFormat =
        $"{EpcTranslation.Header}: is Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates or No_Preference";

    private static IResult Document(HttpContext http, IReadOnlyList<string> bodies, EpcFormat format)
    {
        http.Response.Headers[EpcTranslation.Header] = EpcTranslation.Name(format);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return Results.Bytes(EpcisQueryDocument.Write(bodies, now), ContentType(http));
    }

    /// <summary>GS1 Company Prefix lengths from the prefix registry (<see cref="CompanyPrefixes"/>), for Always_EPC_URN.</summary>
    private static EpcTranslation Translation(HttpContext http) => new(async probes =>
    {
        var found = await CompanyPrefixes.Of(http.RequestServices.GetRequiredService<IGrainFactory>(), probes);
        return found.ToDictionary(p => p.Key, p => p.Value.Prefix.Length);
    });

    private static IResult Bad(IReadOnlyList<string> errors) =>
        EpcisProblems.Problem(400, EpcisProblems.QueryParameter, "Invalid query parameters", string.Join("; ", errors), [.. errors]);
}
