using System.CommandLine;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class CertificateCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var number = Arg("number", "GI registration number, e.g. VN-GI-00017");
        var file = Required("--file", "JSON body (see the OpenAPI document), or - for standard input");
        var status = Required("--status", "active, suspended or revoked");
        var reason = Required("--reason", "why (recorded in the history)");
        var effective = Optional("--effective", "when it takes effect (default: now)");

        yield return Group("cert", "GI certificates",
            ListCommands.Certificates(output),
            Make("register", "Register a GI certificate (authority)", output, async (c, ct) =>
            {
                c.Print(await c.Client().RegisterCertificate(c.Value(number), await Parse.JsonFile<RegisterCertificate>(c.Value(file)),
                    ct), PrintCertificate);
                return 0;
            }, number, file),
            Make("get", "Show a GI certificate and its status history", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetCertificate(c.Value(number), ct), PrintCertificate);
                return 0;
            }, number),
            Make("status", "Suspend, reinstate (active) or revoke a GI certificate (authority)", output, async (c, ct) =>
            {
                var body = new ChangeStatus(Status(c.Value(status)), c.Value(reason), c.Parse.GetValue(effective) is { } at
                    ? Parse.Time(at) : null);
                c.Print(await c.Client().ChangeCertificateStatus(c.Value(number), body, ct), PrintCertificate);
                return 0;
            }, number, status, reason, effective));
    }

    public static CertificateStatus Status(string text) =>
        Enum.TryParse<CertificateStatus>(text, true, out var s) ? s
            : throw new FormatException($"unknown status '{text}' (active, suspended, revoked)");

    private static void PrintCertificate(IAnsiConsole con, Certificate c)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("GI", Markup.Escape($"{c.Number} — {c.Name.Vi} / {c.Name.En}{(c.Name.Ja is null ? "" : " / " + c.Name.Ja)}"));
        table.AddRow("product", Markup.Escape($"{c.Product} ({string.Join(", ", c.Varieties)})"));
        table.AddRow("holder", Markup.Escape(c.Holder));
        table.AddRow("valid", $"{Context.Format(c.ValidFrom)} – {Context.Format(c.ValidTo)}");
        table.AddRow("max yield", $"{c.Specification.MaxYieldKgPerHaPerSeason} kg/ha per season");
        table.AddRow("abroad", Markup.Escape(string.Join(", ", c.ForeignRegistrations.Select(r => $"{r.Country} {r.Number}"))));
        table.AddRow("status", c.Status.ToString().ToLowerInvariant());
        foreach (var h in c.StatusHistory) table.AddRow("",
            Markup.Escape($"{Context.Format(h.At)} {h.Status.ToString().ToLowerInvariant()} by {h.Actor}: {h.Reason}"));
        con.Write(table);
    }
}
