using Nguon.Model;

namespace Nguon.Domain.Products;

/// <summary>GS1 Company Prefixes: the administrator registers them (with GS1's licence reference) to an
/// organisation; the holder lets others label with them. Two organisations never hold overlapping prefixes, so a
/// GTIN has one brand owner.</summary>
public static class CompanyPrefixDecisions
{
    /// <summary>Prefixes per group of six leading digits (a GS1 member organisation allocates far fewer per group).</summary>
    public const int MaxPerGrain = 1000;
    public const int MaxLicensees = 100;

    public static Outcome<CompanyPrefix> Register(IReadOnlyList<CompanyPrefix> group, string prefix, RegisterPrefix command,
        Organisation? holder, Actor actor, DateTimeOffset now)
    {
        if (Permissions.RequireRole(actor, "register GS1 Company Prefixes", Role.Admin) is { } denied)
            return Outcome<CompanyPrefix>.Forbidden(denied);
        var v = new List<Violation>();
        if (!Gtin.IsValidCompanyPrefix(prefix)) v.Add(InvalidPrefix(prefix));
        if (InputRules.Id(command.Organisation, "organisation id") is { } org) v.Add(org);
        if (string.IsNullOrWhiteSpace(command.Licence) || command.Licence.Length > 100)
            v.Add(new("input.licence", "a prefix is registered with the reference of its GS1 licence (1–100 characters)"));
        if (v.Count > 0) return Outcome<CompanyPrefix>.Rejected(v);
        if (holder is null) return Refusal.NotFound<CompanyPrefix>(Unknown.Organisation(command.Organisation));
        if (group.FirstOrDefault(p => p.Prefix == prefix) is { } same)
            return same.Holder == command.Organisation && same.Licence == command.Licence
                ? Outcome<CompanyPrefix>.Ok(same)
                : Refusal.Conflict<CompanyPrefix>(new("prefix.exists", $"GS1 Company Prefix {prefix} is held by {same.Holder}"));
        if (group.FirstOrDefault(p => p.Prefix.StartsWith(prefix, StringComparison.Ordinal)
                || prefix.StartsWith(p.Prefix, StringComparison.Ordinal)) is { } overlap)
            return Refusal.Conflict<CompanyPrefix>(new("prefix.overlaps",
                $"GS1 Company Prefix {prefix} overlaps {overlap.Prefix}, held by {overlap.Holder}: a GTIN has one brand owner"));
        if (group.Count >= MaxPerGrain)
            return Outcome<CompanyPrefix>.Rejected("prefix.full", $"at most {MaxPerGrain} prefixes start with {Gtin.PrefixGroup(prefix)}");
        return Outcome<CompanyPrefix>.Ok(new CompanyPrefix(prefix, command.Organisation, command.Licence.Trim(), now, []));
    }

    public static Outcome<CompanyPrefix> License(CompanyPrefix? current, string prefix, GrantPrefixLicence command,
        Organisation? licensee, Actor actor, DateTimeOffset now)
    {
        if (current is null) return Refusal.NotFound<CompanyPrefix>(UnknownPrefix(prefix));
        if (current.Holder != actor.Organisation && !actor.Has(Role.Admin))
            return Outcome<CompanyPrefix>.Forbidden(new(Permissions.Rule,
                $"{actor.Organisation} may not license GS1 Company Prefix {prefix}: only its holder {current.Holder} "
                + "or an administrator may"));
        var v = new List<Violation>();
        if (InputRules.Id(command.Organisation, "organisation id") is { } org) v.Add(org);
        if (string.IsNullOrWhiteSpace(command.Reference) || command.Reference.Length > 100)
            v.Add(new("input.reference", "a licence cites its agreement (1–100 characters)"));
        if (v.Count > 0) return Outcome<CompanyPrefix>.Rejected(v);
        if (licensee is null) return Refusal.NotFound<CompanyPrefix>(Unknown.Organisation(command.Organisation));
        if (current.MayLabel(command.Organisation)) return Outcome<CompanyPrefix>.Ok(current); // already may: idempotent
        if (current.Licensees.Count >= MaxLicensees)
            return Outcome<CompanyPrefix>.Rejected("prefix.full", $"a prefix has at most {MaxLicensees} licensees");
        return Outcome<CompanyPrefix>.Ok(current with
        {
            Licensees = [.. current.Licensees, new PrefixLicence(command.Organisation, command.Reference.Trim(), actor.Organisation, now)],
        });
    }

    /// <summary>The prefix a GTIN lies under (prefixes do not overlap, so at most one).</summary>
    public static CompanyPrefix? ForGtin(IEnumerable<CompanyPrefix> group, string gtin) =>
        group.FirstOrDefault(p => Gtin.IsUnder(gtin, p.Prefix));

    public static Violation InvalidPrefix(string prefix) =>
        new("input.prefix", $"'{prefix}' is not a GS1 Company Prefix (6–12 digits)");

    public static Violation UnknownPrefix(string prefix) => new("prefix.unknown", $"GS1 Company Prefix {prefix} is not registered");
}
