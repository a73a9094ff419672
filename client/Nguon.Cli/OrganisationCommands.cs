using System.CommandLine;
using Nguon.Client;
using Nguon.Client.Demo;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class OrganisationCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var id = Arg("id", "organisation id");
        var name = Required("--name", "organisation name");
        var roles = Many("--role", "authority, producer, operator, inspector, retailer or admin (repeatable)", required: true);
        var commune = Optional("--commune", "commune");
        var country = Optional("--country", "ISO 3166 country code, e.g. VN or JP");
        var codeSpace = Optional("--code-space", "batch-code space, 2–12 letters and digits: its batch codes start with it and a '-'");
        var label = Optional("--label", "what the key is for");
        var keyId = Arg("key-id", "the key id (the 12 hex digits after ngn_)");
        var day = Optional("--day", "day (UTC), yyyy-MM-dd (default: today)");
        var keysFile = new Option<string>("--keys-file")
        {
            Description = "where to write the demo organisations' keys",
            DefaultValueFactory = _ => "demo-keys.env"
        };

        yield return Make("me", "Show the organisation and roles of your API key", output, async (c, ct) =>
        {
            c.Print(await c.Client().WhoAmI(ct), (con, a) => con.WriteLine($"{a.Organisation} ({string.Join(", ", a.Roles ?? [])})"
                + (a.CodeSpace is null ? "" : $", batch codes {a.CodeSpace}-…")));
            return 0;
        });

        yield return Group("org", "Organisations (admin)",
            ListCommands.Organisations(output),
            Make("register", "Register an organisation with its roles", output, async (c, ct) =>
            {
                var parsedRoles = c.Value(roles).Select(r => Enum.TryParse<Role>(r, true, out var role) ? role
                    : throw new FormatException($"unknown role '{r}'")).ToList();
                c.Print(await c.Client().RegisterOrganisation(c.Value(id),
                    new RegisterOrganisation(c.Value(name), parsedRoles, c.Parse.GetValue(commune), c.Parse.GetValue(country),
                        c.Parse.GetValue(codeSpace)), ct),
                    PrintOrganisation);
                return 0;
            }, id, name, roles, commune, country, codeSpace),
            Make("get", "Show an organisation", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetOrganisation(c.Value(id), ct), PrintOrganisation);
                return 0;
            }, id));

        yield return Group("key", "API keys",
            Make("issue", "Issue a key for an organisation (admin); the token is printed this once", output, async (c, ct) =>
            {
                c.Print(await c.Client().IssueKey(c.Value(id), new IssueKey(c.Parse.GetValue(label)), ct),
                    (con, k) => con.WriteLine($"key {k.Key.KeyId} for {k.Key.Organisation} (store it now, it is not shown "
                        + $"again):{Environment.NewLine}{k.Token}"));
                return 0;
            }, id, label),
            Make("list", "List an organisation's keys (never their secrets)", output, async (c, ct) =>
            {
                c.Print(await c.Client().ListKeys(c.Value(id), ct), (con, keys) =>
                {
                    var table = new Table().AddColumns("key id", "label", "created", "revoked");
                    foreach (var k in keys) table.AddRow(k.KeyId, Markup.Escape(k.Label ?? ""), Context.Format(k.CreatedAt),
                        Context.Format(k.RevokedAt));
                    con.Write(table);
                });
                return 0;
            }, id),
            Make("revoke", "Revoke a key: it stops working at once", output, async (c, ct) =>
            {
                c.Print(await c.Client().RevokeKey(c.Value(id), c.Value(keyId), ct), (con, k)
                    => con.WriteLine($"revoked key {k.KeyId} of {k.Organisation} at {Context.Format(k.RevokedAt)}"));
                return 0;
            }, id, keyId));

        yield return Make("audit", "Who did what for an organisation on a day", output, async (c, ct) =>
        {
            var when = c.Parse.GetValue(day) is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd") : DateOnly.FromDateTime(DateTime.UtcNow);
            c.Print(await c.Client().Audit(c.Value(id), when, ct), (con, entries) =>
            {
                var table = new Table().AddColumns("time", "organisation", "key", "request", "status");
                foreach (var e in entries) table.AddRow(Context.Format(e.At), e.Organisation, e.KeyId ?? "",
                    Markup.Escape($"{e.Method} {e.Path}"), e.Status.ToString());
                con.Write(table);
            });
            return 0;
        }, id, day);

        yield return Make("demo", "Load the demo data set (needs an admin key); writes each demo organisation's key to --keys-file",
            output, async (c, ct) =>
        {
            var client = c.Client();
            using var http = new HttpClient { BaseAddress = client.Server };
            foreach (var line in await new DemoData(http, c.ApiKey).LoadAsync(c.Value(keysFile), ct)) c.Output.WriteLine(line);
            return 0;
        }, keysFile);
    }

    private static void PrintOrganisation(IAnsiConsole con, Organisation o) =>
        con.WriteLine($"{o.Id}: {o.Name} "
            + $"— {string.Join(", ", o.Roles).ToLowerInvariant()}{(o.Commune is null ? "" : $", {o.Commune}")}"
                + $"{(o.Country is null ? "" : $" ({o.Country})")}{(o.CodeSpace is null ? "" : $", batch codes {o.CodeSpace}-…")}");
}
