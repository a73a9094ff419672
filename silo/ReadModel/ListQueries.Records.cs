using System.Data.Common;
using Nguon.Model;

namespace Nguon.Silo.ReadModel;

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

/// <param name="Authorised">true: farms holding an authorisation (for <paramref name="Gi"/> if given) that is active now;
/// false: farms holding none.</param>
public sealed record FarmFilter(string? Commune = null, string? Gi = null, bool? Authorised = null);

public sealed partial class ListQueries
{
    private const string ActiveAuthorisation = """
        EXISTS (SELECT 1 FROM rm_authorisations a WHERE a.service_id = @s AND a.farm = f.code AND a.status = 'active'
            AND a.valid_from <= @now AND (a.valid_to IS NULL OR a.valid_to > @now){0})
        """;

    public async Task<Page<FarmSummary>> Farms(Actor reader, FarmFilter f, DateTimeOffset now, string after, int limit,
        CancellationToken cancellationToken = default)
    {
        var where = new List<string> { "f.service_id = @s", "f.code > @after" };
        var parameters = new List<(string, object?)> { ("after", after), ("now", now) };
        if (ReadScope.Farms(reader) is { } scope) { where.Add(scope); parameters.Add(("reader", reader.Organisation)); }
        if (f.Commune is not null) { where.Add("f.commune = @commune"); parameters.Add(("commune", f.Commune)); }
        if (f.Gi is not null) parameters.Add(("gi", f.Gi));
        var forGi = f.Gi is null ? "" : " AND a.gi = @gi";
        if (f.Authorised is { } authorised)
            where.Add((authorised ? "" : "NOT ") + ActiveAuthorisation.Replace("{0}", forGi, StringComparison.Ordinal));
        else if (f.Gi is not null)
            where.Add("EXISTS (SELECT 1 FROM rm_authorisations a WHERE a.service_id = @s AND a.farm = f.code AND a.gi = @gi)");
        var farms = await Read($"""
            SELECT f.code, f.name, f.owner, f.commune, f.district, f.province, f.area_ha, f.registered_at FROM rm_farms f
            WHERE {string.Join(" AND ", where)} ORDER BY f.code LIMIT {limit + 1}
            """, parameters, r => new FarmSummary(r.GetString(0), r.GetString(1), r.GetString(2),
                new AdminArea(r.GetString(3), r.GetString(4), r.GetString(5)), ReadModelSql.ReadDecimal(r, 6),
                ReadModelSql.ReadTime(r, 7), []),
            cancellationToken);
        var page = Paged(farms, limit, x => x.Code);
        if (page.Items.Count == 0) return page;
        var codes = page.Items.Select((x, i) => ($"c{i}", (object?)x.Code)).ToList();
        var authorisations = await Read($"""
            SELECT farm, gi, status, valid_from, valid_from_offset, valid_to, valid_to_offset, reference FROM rm_authorisations
            WHERE service_id = @s AND farm IN ({string.Join(", ", codes.Select(c => "@" + c.Item1))}) ORDER BY farm, gi
            """, codes, r => (Farm: r.GetString(0), new AuthorisationSummary(r.GetString(1),
                Enum.Parse<CertificateStatus>(r.GetString(2), true),
                ReadModelSql.ReadTimeInOffset(r, 3), ReadModelSql.ReadOptionalTimeInOffset(r, 5), r.GetString(7))), cancellationToken);
        var byFarm = authorisations.ToLookup(a => a.Farm, a => a.Item2);
        return page with { Items = [.. page.Items.Select(x => x with { Authorisations = [.. byFarm[x.Code]] })] };
    }

    /// <summary>GI certificates are public records: every caller sees every one.</summary>
    public async Task<Page<CertificateSummary>> Certificates(CertificateStatus? status, string after, int limit,
        CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, object?)> { ("after", after) };
        var filter = "";
        if (status is { } s) { filter = " AND c.status = @status"; parameters.Add(("status", Domain.ReadModel.ReadRows.Name(s))); }
        var rows = await Read($"""
            SELECT c.number, c.name_vi, c.name_en, c.product, c.holder, c.status, c.valid_from, c.valid_to, c.registered_at
            FROM rm_certificates c WHERE c.service_id = @s AND c.number > @after{filter} ORDER BY c.number LIMIT {limit + 1}
            """, parameters, r => new CertificateSummary(r.GetString(0), new LocalizedText(r.GetString(1), r.GetString(2)), r.GetString(3),
                r.GetString(4), Enum.Parse<CertificateStatus>(r.GetString(5), true), ReadModelSql.ReadTime(r, 6),
                ReadModelSql.ReadOptionalTime(r, 7), ReadModelSql.ReadTime(r, 8)), cancellationToken);
        return Paged(rows, limit, c => c.Number);
    }

    /// <summary>Organisations, for administrators (the endpoint checks the role).</summary>
    public async Task<Page<OrganisationSummary>> Organisations(Role? role, string after, int limit,
        CancellationToken cancellationToken = default)
    {
        // Roles are one comma-separated column ("operator,producer"): a role is a whole item of it.
        var rows = await Read($"""
            SELECT o.id, o.name, o.roles, o.commune, o.country, o.code_space, o.registered_at FROM rm_organisations o
            WHERE o.service_id = @s AND o.id > @after{(role is null ? "" : " AND (',' || o.roles || ',') LIKE @role")}
            ORDER BY o.id LIMIT {limit + 1}
            """, [("after", after), ("role", role is { } r ? $"%,{Domain.ReadModel.ReadRows.Name(r)},%" : null)], ReadOrganisation,
            cancellationToken);
        return Paged(rows, limit, o => o.Id);
    }

    private static OrganisationSummary ReadOrganisation(DbDataReader r) => new(
        r.GetString(0), r.GetString(1),
        [.. r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => Enum.Parse<Role>(x, ignoreCase: true))],
        ReadModelSql.ReadString(r, 3), ReadModelSql.ReadString(r, 4), ReadModelSql.ReadString(r, 5), ReadModelSql.ReadTime(r, 6));
}
