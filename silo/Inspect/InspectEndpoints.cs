using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.Inspect;

/// <summary>The inspectors' pages. <c>/inspect…</c> serves one small frame for every page (no data, no key needed);
/// the frame's script fetches the page's fragment from <c>/api/inspect…</c> with the key, and the fragment is rendered
/// here from the same grain calls as the API, with the key's organisation as the reader: the grains decide what it may
/// see (Domain/Permissions), nothing here does. Fragments live under <c>/api</c>, so they are authenticated, rate
/// limited and (their refusals) audited exactly like the API.</summary>
public static class InspectEndpoints
{
    public const string PagePath = "/inspect";
    public const string FragmentPath = "/api/inspect";

    public static IEndpointRouteBuilder MapInspectorPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(PagePath).WithInputChecks().ExcludeFromDescription();
        foreach (var route in new[] { "", "/batches/{code}", "/farms/{code}", "/certificates/{number}" })
            pages.MapGet(route, InspectShell.Page);

        var api = app.MapGroup(FragmentPath).WithTags("Inspectors' pages").WithInputChecks().RequireAuthorization();
        api.MapGet("", Search).Produces(StatusCodes.Status200OK, contentType: Html).WithSummary(
            "The search page's fragment (HTML): ?q= an exact batch code, GS1 element string or Digital Link of GTIN and lot, farm "
            + "code or GI number answers 303 to its page's fragment");
        api.MapGet("/batches/{code}", Lot).Produces(StatusCodes.Status200OK, contentType: Html)
            .WithSummary("A lot's page fragment (HTML): full verification, record, chain picture, journey, documents, recall form");
        api.MapGet("/farms/{code}", Farm).Produces(StatusCodes.Status200OK, contentType: Html)
            .WithSummary("A farm's page fragment (HTML): profile, authorisations, seasons, the lots one season reached (?season=)");
        api.MapGet("/certificates/{number}", Certificate).Produces(StatusCodes.Status200OK, contentType: Html)
            .WithSummary("A GI certificate's page fragment (HTML): record, status history, documents");
        app.MapInspectAssets();
        return app;
    }

    private const string Html = "text/html";

    public static async Task<IResult> Lot(string code, [AsParameters] GrainRequest r)
    {
        // One coarse call: the chain, its full verification with the market's rules, and the documents along it.
        var dossier = await r.Trace.Dossier(code, null, r.Actor);
        if (!dossier.IsOk) return Refused(r, dossier, $"The lot {code} cannot be shown to this key.");
        var mayRecall = Permissions.Recall(r.Actor, code) is null;
        return new FragmentResult(LotFragment.Render(dossier.Value!, r.Actor, mayRecall));
    }

    public static async Task<IResult> Farm(string code, string? season, [AsParameters] GrainRequest r)
    {
        if (season is not null && InputRules.Id(season, "season") is { } bad)
            return Refused(r, Outcome<bool>.Rejected([bad]), $"'{season}' is not a season.");
        var farm = await r.Farm(code).Get(r.Actor);
        if (!farm.IsOk) return Refused(r, farm, $"The farm {code} cannot be shown to this key.");
        season ??= farm.Value!.Seasons.Select(s => s.Season).Order(StringComparer.Ordinal).LastOrDefault();
        var reached = season is null ? null : r.Trace.RecallScope(code, season, r.Actor);
        var documents = Documents(r, DocumentSubjectKind.Farm, code);
        var scope = reached is null ? null : await reached;
        if (scope is { IsOk: false }) return Refused(r, scope, $"The lots season {season} of {code} reached cannot be shown.");
        var docs = await documents;
        if (!docs.IsOk) return Refused(r, docs, $"The documents of farm {code} cannot be shown to this key.");
        return new FragmentResult(FarmFragment.Render(farm.Value!, season, scope?.Value, docs.Value!, r.Actor));
    }

    public static async Task<IResult> Certificate(string number, [AsParameters] GrainRequest r)
    {
        var certificate = r.Grains.GetGrain<ICertificateGrain>(number).Get();
        var documents = Documents(r, DocumentSubjectKind.Certificate, number);
        if (await certificate is not { } c)
            return Refused(r, new Outcome<bool>(OutcomeStatus.NotFound, false, [Unknown.Certificate(number)]),
                $"No GI certificate {number}.");
        var docs = await documents;
        return docs.IsOk ? new FragmentResult(CertificateFragment.Render(c, docs.Value!, r.Actor))
            : Refused(r, docs, $"The documents of {number} cannot be shown to this key.");
    }

    /// <summary>The find form: an exact code goes to its page (303 to the page's fragment, which the script shows under
    /// the page's own URL); several records under one code are listed; none, or bad input, is said in the frame.</summary>
    public static async Task<IResult> Search(string? q, [AsParameters] GrainRequest r, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(q)) return new FragmentResult(SearchFragment.Render(r.Actor, null, null, []));
        if (!ExactCode.TryParse(q, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out var code, out var error))
            return new FragmentResult(SearchFragment.Render(r.Actor, q, error, []), StatusCodes.Status400BadRequest);
        var matches = code.IsLabel ? await LabelMatch(r, code) : await CodeMatches(r, code.Code!);
        if (matches.Count == 1) return new SeeOtherResult(FragmentPath + matches[0].Href[PagePath.Length..]);
        var none = matches.Count == 0
            ? code.IsLabel ? $"No lot carries the label (01) {code.Gtin} (10) {code.Lot}."
                : $"No batch, farm or GI certificate is registered as {code.Code}."
            : null;
        return new FragmentResult(SearchFragment.Render(r.Actor, q, none, matches),
            matches.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    private static async Task<IReadOnlyList<SearchFragment.Match>> LabelMatch(GrainRequest r, ExactCode label)
    {
        var batch = await r.Grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(label.Gtin!, label.Lot!)).Get();
        return batch is null ? [] : [new("lot", $"{PagePath}/batches/{InspectHtml.Segment(batch)}", batch)];
    }

    /// <summary>The code as a batch, a farm and a certificate at once (three calls, in parallel): a record the key may not
    /// read is still listed, and its page says the key may not read it, as the API would.</summary>
    private static async Task<IReadOnlyList<SearchFragment.Match>> CodeMatches(GrainRequest r, string code)
    {
        var batch = r.Batch(code).Get(r.Actor);
        var farm = r.Farm(code).Get(r.Actor);
        var certificate = r.Grains.GetGrain<ICertificateGrain>(code).Get();
        await Task.WhenAll(batch, farm, certificate);
        var segment = InspectHtml.Segment(code);
        var matches = new List<SearchFragment.Match>();
        if (batch.Result.Status != OutcomeStatus.NotFound) matches.Add(new("lot", $"{PagePath}/batches/{segment}", code));
        if (farm.Result.Status != OutcomeStatus.NotFound) matches.Add(new("farm", $"{PagePath}/farms/{segment}", code));
        if (certificate.Result is not null) matches.Add(new("GI certificate", $"{PagePath}/certificates/{segment}", code));
        return matches;
    }

    private static Task<Outcome<IReadOnlyList<DocumentInfo>>> Documents(GrainRequest r, DocumentSubjectKind kind, string id) =>
        r.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(kind, id)).List(r.Actor);

    /// <summary>A refused read as a fragment, with the status the API gives the same refusal.</summary>
    private static FragmentResult Refused<T>(GrainRequest r, Outcome<T> outcome, string what)
    {
        var status = outcome.ToProblem().StatusCode;
        return new FragmentResult(InspectHtml.Refusal(r.Actor, status, what, outcome.Violations), status);
    }
}
