using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Alerts;
using Nguon.Silo.Api;
using Nguon.Silo.Ledger;
using Nguon.Silo.ReadModel;

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
        foreach (var route in new[] { "", "/batches/{code}", "/farms", "/farms/{code}", "/certificates/{number}",
            "/gi/{number}/seasons/{season}" })
            pages.MapGet(route, InspectShell.Page);

        var api = app.MapGroup(FragmentPath).WithTags("Inspectors' pages").WithInputChecks().RequireAuthorization();
        api.MapGet("", Search).Produces(StatusCodes.Status200OK, contentType: Html).WithSummary(
            "The search page's fragment (HTML): ?q= alone, an exact batch code, GS1 element string or Digital Link of GTIN and lot, "
            + "farm code or GI number, answers 303 to its page's fragment; else the lots the key may read matching the filters of "
            + "GET /api/batches (?gi=&season=&farm=&custodian=&status=&step=&destination=&from=&to=&gtin=&q=&limit=&cursor=)");
        api.MapGet("/farms", FarmList).Produces(StatusCodes.Status200OK, contentType: Html).WithSummary(
            "The farms tab's fragment (HTML): the farms the key may read, filtered as GET /api/farms (?commune=&gi=&authorised=)");
        api.MapGet("/batches/{code}", Lot).Produces(StatusCodes.Status200OK, contentType: Html)
            .WithSummary("A lot's page fragment (HTML): full verification, record, chain picture, journey, documents, recall form");
        api.MapGet("/farms/{code}", Farm).Produces(StatusCodes.Status200OK, contentType: Html)
            .WithSummary("A farm's page fragment (HTML): profile, authorisations, seasons, the lots one season reached (?season=)");
        api.MapGet("/certificates/{number}", Certificate).Produces(StatusCodes.Status200OK, contentType: Html)
            .WithSummary("A GI certificate's page fragment (HTML): record, status history, documents");
        api.MapGet("/gi/{number}/seasons/{season}", Season).Produces(StatusCodes.Status200OK, contentType: Html)
            .WithSummary("A GI season's page fragment (HTML): the season ledger with charts, and its open alerts");
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

    public static async Task<IResult> Certificate(string number, [AsParameters] GrainRequest r, TimeProvider clock)
    {
        var certificate = r.Grains.GetGrain<ICertificateGrain>(number).Get();
        var documents = Documents(r, DocumentSubjectKind.Certificate, number);
        if (await certificate is not { } c)
            return Refused(r, new Outcome<bool>(OutcomeStatus.NotFound, false, [Unknown.Certificate(number)]),
                $"No GI certificate {number}.");
        var docs = await documents;
        var year = clock.GetUtcNow().Year; // this season and the last: the ones an inspector asks about
        string[] seasons = [$"{year}", $"{year - 1}"];
        return docs.IsOk ? new FragmentResult(CertificateFragment.Render(c, docs.Value!, r.Actor, seasons))
            : Refused(r, docs, $"The documents of {number} cannot be shown to this key.");
    }

    public static async Task<IResult> Season(string number, string season, [AsParameters] GrainRequest r, SeasonReports reports,
        AlertStore alertStore, CancellationToken cancellationToken)
    {
        var ledger = await reports.Ledger(r.Actor, number, season, cancellationToken);
        if (!ledger.IsOk) return Refused(r, ledger, ledger.Status == OutcomeStatus.Rejected ? $"'{season}' is not a season."
            : $"The season {season} of GI {number} cannot be shown to this key.");
        // Alerts are for the readers the alert API serves; a producer sees the ledger without them.
        if (!r.Actor.HasAny(Role.Authority, Role.Inspector, Role.Admin))
            return new FragmentResult(SeasonFragment.Render(ledger.Value!, null, false, r.Actor));
        var open = await alertStore.List(new AlertFilter(number, season, null, AlertState.Open), "", SeasonAlerts, cancellationToken);
        return new FragmentResult(SeasonFragment.Render(ledger.Value!, open.Items, open.Next is not null, r.Actor));
    }

    private const int SeasonAlerts = 50;

    /// <summary>The search form. The find box alone: an exact code goes to its page (303 to the page's fragment, which the
    /// script shows under the page's own URL), several records under one code are listed, and otherwise its text is the
    /// start of lots' codes, lots or products (if no lot answers, the page says why the code found nothing). With any
    /// other field: the lots the key may read that match every filter, read as GET /api/batches reads them.</summary>
    public static async Task<IResult> Search([AsParameters] GrainRequest r, ListQueries lists, ReadModelWatermark watermark,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var given = ListHtml.Given(r.Http.Request.Query);
        if (given.Count == 0) return new FragmentResult(SearchFragment.Render(r.Actor, given));
        if (given.Count == 1 && given.TryGetValue("q", out var q) && q.Count == 1)
            return await Find(q[0]!, given, r, lists, watermark, clock, cancellationToken);
        var p = new ListParameters(given, ListEndpoints.BatchFilters);
        var filter = new BatchFilter(p.Id("gi"), p.Id("season"), p.Id("farm"), p.Id("custodian"), p.Enum<BatchStatus>("status"),
            p.BizStep("step"), p.Id("destination"), p.Time("from"), p.Time("to"), p.Gtin("gtin"), p.Prefix("q"));
        var (limit, after) = (p.Limit, p.After);
        IReadOnlyList<Violation> bad = filter is { From: { } from, To: { } to } && to <= from
            ? [new("input.to", "?to= must be after ?from=")] : p.Violations;
        if (bad.Count > 0) return new FragmentResult(SearchFragment.Render(r.Actor, given, bad: bad), StatusCodes.Status400BadRequest);
        var lots = await Lots(r, lists, watermark, filter, after, limit, given, cancellationToken);
        return new FragmentResult(SearchFragment.Render(r.Actor, given, lots));
    }

    private static async Task<IResult> Find(string q, IQueryCollection given, GrainRequest r, ListQueries lists,
        ReadModelWatermark watermark, TimeProvider clock, CancellationToken cancellationToken)
    {
        string none;
        int status;
        if (ExactCode.TryParse(q, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out var code, out var error))
        {
            var matches = code.IsLabel ? await LabelMatch(r, code) : await CodeMatches(r, code.Code!);
            if (matches.Count == 1) return new SeeOtherResult(FragmentPath + matches[0].Href[PagePath.Length..]);
            if (matches.Count > 1) return new FragmentResult(SearchFragment.Render(r.Actor, given, matches: matches));
            none = code.IsLabel ? $"No lot carries the label (01) {code.Gtin} (10) {code.Lot}."
                : $"No batch, farm or GI certificate is registered as {code.Code}.";
            status = StatusCodes.Status404NotFound;
        }
        else (none, status) = (error, StatusCodes.Status400BadRequest);

        // No record has that code: the lots whose code, lot or product starts with the text, if any does.
        var p = new ListParameters(given, ListEndpoints.BatchFilters);
        var prefix = p.Prefix("q");
        if (p.Violations.Count == 0)
        {
            var lots = await Lots(r, lists, watermark, new BatchFilter(Q: prefix), "", ListQueries.DefaultLimit, given, cancellationToken);
            if (lots.Items.Count > 0) return new FragmentResult(SearchFragment.Render(r.Actor, given, lots));
        }
        return new FragmentResult(SearchFragment.Render(r.Actor, given, problem: none), status);
    }

    private static async Task<Listed<BatchSummary>> Lots(GrainRequest r, ListQueries lists, ReadModelWatermark watermark,
        BatchFilter filter, string after, int limit, IQueryCollection given, CancellationToken cancellationToken)
    {
        var mark = await watermark.Current(cancellationToken);
        var page = await lists.Batches(r.Actor, filter, after, limit, cancellationToken);
        return new(page.Items, mark, ListHtml.NextHref(PagePath, given, page.Next));
    }

    /// <summary>The farms tab: the farms the key may read, filtered as GET /api/farms filters them.</summary>
    public static async Task<IResult> FarmList([AsParameters] GrainRequest r, ListQueries lists, ReadModelWatermark watermark,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var given = ListHtml.Given(r.Http.Request.Query);
        var p = new ListParameters(given, ListEndpoints.FarmFilters);
        var filter = new FarmFilter(p.Prefix("commune"), p.Id("gi"), p.Bool("authorised"));
        var (limit, after) = (p.Limit, p.After);
        if (p.Violations is { Count: > 0 } bad)
            return new FragmentResult(FarmListFragment.Render(r.Actor, given, null, bad), StatusCodes.Status400BadRequest);
        var mark = await watermark.Current(cancellationToken);
        var page = await lists.Farms(r.Actor, filter, clock.GetUtcNow(), after, limit, cancellationToken);
        var farms = new Listed<FarmSummary>(page.Items, mark, ListHtml.NextHref(PagePath + "/farms", given, page.Next));
        return new FragmentResult(FarmListFragment.Render(r.Actor, given, farms, []));
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
