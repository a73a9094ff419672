using Nguon.Model;

namespace Nguon.Client;

/// <summary>A page of a list (GET /api/batches, /api/farms, /api/certificates, /api/organisations): its items in key
/// order, the cursor of the next page (null on the last), and how fresh the read model behind it is: every write the
/// server acknowledged before <see cref="AsOf"/> is in it; <see cref="SweptAt"/> is when a sweep last brought every
/// record up to date.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Next, DateTimeOffset AsOf, DateTimeOffset? SweptAt);

/// <summary>A batch as lists show it.</summary>
/// <param name="Origin">harvest, split, merge or transformation.</param>
public sealed record BatchSummary(
    string Code, string? Gtin, string? Lot, string Product, string? Variety, Quantity Quantity, decimal Remaining, string? GiClaim,
    OriginKind Origin, string? Farm, string? Season, string Custodian, string? Destination, string? DestinationCountry,
    BatchStatus Status, DateTimeOffset CreatedAt, DateTimeOffset LastEventAt, int EventCount);

public sealed record AuthorisationSummary(
    string Gi, CertificateStatus Status, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo, string Reference);

public sealed record FarmSummary(
    string Code, string Name, string Owner, AdminArea Address, decimal AreaHa, DateTimeOffset RegisteredAt,
    IReadOnlyList<AuthorisationSummary> Authorisations);

public sealed record CertificateSummary(
    string Number, LocalizedText Name, string Product, string Holder, CertificateStatus Status, DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo, DateTimeOffset RegisteredAt);

public sealed record OrganisationSummary(
    string Id, string Name, IReadOnlyList<Role> Roles, string? Commune, string? Country, string? CodeSpace, DateTimeOffset RegisteredAt);

/// <summary>Filters of GET /api/batches, sent as typed (the server judges them and refuses a bad one with a 400 that
/// says what is wrong). Null leaves a filter out.</summary>
/// <param name="Status">active, inTransit, consumed or recalled.</param>
/// <param name="Step">a business step the batch has an event of (with <paramref name="From"/>/<paramref name="To"/>: in
/// that window; without a step they bound the batch's creation).</param>
/// <param name="Destination">an organisation or a country the batch was shipped to.</param>
/// <param name="From">a day (2026-06-01) or a time with its offset.</param>
/// <param name="Q">a prefix of the code, the lot or the product.</param>
public sealed record BatchFilter(
    string? Gi = null, string? Season = null, string? Farm = null, string? Custodian = null, string? Status = null, string? Step = null,
    string? Destination = null, string? From = null, string? To = null, string? Gtin = null, string? Q = null);

/// <param name="Authorised">true: farms authorised now (for <paramref name="Gi"/> if given); false: farms that are not.</param>
public sealed record FarmFilter(string? Commune = null, string? Gi = null, bool? Authorised = null);

/// <summary>What a sweep or a rebuild of the read model found for one kind of record (each difference fixed).</summary>
public sealed record KindReport(string Kind, long Checked, long Missing, long Different, long Extra);

public sealed record RepairReport(IReadOnlyList<KindReport> Kinds, DateTimeOffset StartedAt, double Seconds, long Fixed);

/// <param name="Behind">records this silo could not project yet (the sweep writes them).</param>
public sealed record ReadModelStatus(
    DateTimeOffset AsOf, DateTimeOffset? SweptAt, int Behind, RepairReport? LastSweep, long Projections, long Transactions);

// Lists over the read model, and its status and rebuild.
public sealed partial class NguonClient
{
    /// <summary>The most items one page holds (the server's ?limit= bound).</summary>
    public const int MaxPageSize = 500;

    /// <summary>The batches the key may read (an inspector: all), filtered, one page.</summary>
    public Task<ListPage<BatchSummary>> ListBatches(BatchFilter? filter = null, int? limit = null, string? cursor = null,
        CancellationToken ct = default)
    {
        var f = filter ?? new BatchFilter();
        return Page<BatchSummary>("api/batches", limit, cursor, ct, ("gi", f.Gi), ("season", f.Season), ("farm", f.Farm),
            ("custodian", f.Custodian), ("status", f.Status), ("step", f.Step), ("destination", f.Destination), ("from", f.From),
            ("to", f.To), ("gtin", f.Gtin), ("q", f.Q));
    }

    /// <summary>The farms the key may read, one page.</summary>
    public Task<ListPage<FarmSummary>> ListFarms(FarmFilter? filter = null, int? limit = null, string? cursor = null,
        CancellationToken ct = default)
    {
        var f = filter ?? new FarmFilter();
        return Page<FarmSummary>("api/farms", limit, cursor, ct, ("commune", f.Commune), ("gi", f.Gi),
            ("authorised", f.Authorised is { } a ? (a ? "true" : "false") : null));
    }

    /// <summary>GI certificates (public records), one page; <paramref name="status"/> active, suspended or revoked.</summary>
    public Task<ListPage<CertificateSummary>> ListCertificates(string? status = null, int? limit = null, string? cursor = null,
        CancellationToken ct = default) =>
        Page<CertificateSummary>("api/certificates", limit, cursor, ct, ("status", status));

    /// <summary>Organisations (admin), one page; <paramref name="role"/> e.g. producer.</summary>
    public Task<ListPage<OrganisationSummary>> ListOrganisations(string? role = null, int? limit = null, string? cursor = null,
        CancellationToken ct = default) =>
        Page<OrganisationSummary>("api/organisations", limit, cursor, ct, ("role", role));

    /// <summary>How fresh the lists are on the server answering.</summary>
    public Task<ReadModelStatus> GetReadModelStatus(CancellationToken ct = default) =>
        Send<ReadModelStatus>(HttpMethod.Get, "api/read-model", null, ct);

    /// <summary>Rebuilds the read model from the grains (admin), fixing and reporting every difference.</summary>
    public Task<RepairReport> Reindex(CancellationToken ct = default) =>
        Send<RepairReport>(HttpMethod.Post, "api/read-model/reindex", null, ct);

    /// <summary>Follows a list from <paramref name="cursor"/> page by page (<paramref name="page"/> fetches one: a size
    /// and a cursor) until its last page or <paramref name="max"/> items, asking each page for no more than is still
    /// wanted. The answer's <see cref="ListPage{T}.Next"/> is where the list goes on (null: nothing was left out) and
    /// its watermark the oldest of the pages'.</summary>
    public static async Task<ListPage<T>> Follow<T>(Func<int, string?, CancellationToken, Task<ListPage<T>>> page, int max,
        string? cursor = null, int pageSize = MaxPageSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var items = new List<T>();
        var (asOf, sweptAt) = (DateTimeOffset.MaxValue, (DateTimeOffset?)null);
        do
        {
            var next = await page(Math.Min(pageSize, max - items.Count), cursor, ct);
            items.AddRange(next.Items);
            if (next.AsOf < asOf) (asOf, sweptAt) = (next.AsOf, next.SweptAt);
            // An empty page that names a next one would never end: stop there (its cursor is still handed back).
            cursor = next.Next;
            if (next.Items.Count == 0) break;
        }
        while (cursor is not null && items.Count < max);
        return new ListPage<T>(items, cursor, asOf, sweptAt);
    }

    private Task<ListPage<T>> Page<T>(string path, int? limit, string? cursor, CancellationToken ct,
        params (string Name, string? Value)[] filters)
    {
        var paging = new[] { ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor) };
        return Send<ListPage<T>>(HttpMethod.Get, WithQuery(path, filters.Concat(paging)), null, ct);
    }

    /// <summary><paramref name="path"/> with the parameters that have a value, each escaped.</summary>
    public static string WithQuery(string path, IEnumerable<(string Name, string? Value)> parameters)
    {
        var query = string.Join("&", parameters.Where(p => p.Value is not null).Select(p => $"{E(p.Name)}={E(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
