using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nguon.Client;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

/// <summary>EPCIS 2.0 through the server's REST binding: capture a document, query events, export a lot's chain.</summary>
internal static class EpcisCommands
{
    private static readonly Dictionary<string, string> EpcFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["urn"] = "Always_EPC_URN", ["dl"] = "Always_GS1_Digital_Link", ["as-captured"] = "Never_Translates",
    };

    public static IEnumerable<Command> Build(TextWriter output)
    {
        var file = Arg("file", "an EPCISDocument (JSON or JSON-LD); - reads standard input");
        var behaviour = Optional("--behaviour", "rollback (default: a refused event keeps the whole document out) or proceed");
        var parameters = Many("--param", "a SimpleEventQuery parameter NAME=VALUE, e.g. EQ_bizStep=shipping|receiving (repeatable)");
        var perPage = Optional("--per-page", "events per page (the server's default and maximum apply)");
        var pageToken = Optional("--page-token", "the next page, as the previous page printed it");
        var epcFormat = Optional("--epc-format", "identifiers in answers: urn, dl (GS1 Digital Link) or as-captured (default)");
        var code = Arg("code", "batch code of the lot whose backward chain to export");
        var to = Optional("--out", "write the document to this file instead of standard output");

        yield return Group("epcis", "EPCIS 2.0 capture and query (GS1 REST binding)",
            Make("capture", "Capture an EPCIS document: events about Nguon lots go through Nguon's rules; exit 1 if the job failed",
                output, async (c, ct) =>
                {
                    var how = c.Parse.GetValue(behaviour);
                    if (how is not (null or "rollback" or "proceed"))
                        throw new FormatException($"--behaviour is rollback or proceed, not '{how}'");
                    var path = c.Value(file);
                    var text = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
                    JsonElement document;
                    try
                    {
                        using var parsed = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
                        document = parsed.RootElement.Clone();
                    }
                    catch (JsonException e)
                    {
                        throw new FormatException($"{(path == "-" ? "standard input" : path)} is not JSON: {e.Message}");
                    }
                    var job = await c.Client().CaptureEpcis(document, how, ct);
                    c.Print(job, PrintJob);
                    return job.GetProperty("success").GetBoolean() ? 0 : NguonCli.NotVerified;
                }, file, behaviour),
            Make("query", "EPCIS events by SimpleEventQuery parameters (the events you captured and those of lots you may read)",
                output, async (c, ct) =>
                {
                    var query = (c.Parse.GetValue(parameters) ?? []).Select(Parameter).ToList();
                    if (c.Parse.GetValue(perPage) is { } n) query.Add(("perPage", n));
                    if (c.Parse.GetValue(pageToken) is { } token) query.Add(("nextPageToken", token));
                    string? format = null;
                    if (c.Parse.GetValue(epcFormat) is { } f && !EpcFormats.TryGetValue(f, out format))
                        throw new FormatException($"--epc-format is urn, dl or as-captured, not '{f}'");
                    var page = await c.Client().QueryEpcis(query, format, ct);
                    c.Print(page.Document, (con, _) => PrintPage(con, page));
                    return 0;
                }, parameters, perPage, pageToken, epcFormat),
            Make("export", "A lot's backward chain as one EPCIS 2.0 document, to load into EPCIS tooling or capture elsewhere", output,
                async (c, ct) =>
                {
                    var document = await c.Client().ExportEpcis(c.Value(code), ct);
                    if (c.Parse.GetValue(to) is not { } path)
                    {
                        c.Output.WriteLine(document);
                        return 0;
                    }
                    await File.WriteAllTextAsync(path, document, ct);
                    using var parsed = JsonDocument.Parse(document);
                    var events = parsed.RootElement.GetProperty("epcisBody").GetProperty("eventList").GetArrayLength();
                    c.Print(new { code = c.Value(code), file = path, events },
                        (con, x) => con.WriteLine($"EPCIS document of {x.code} written to {x.file} ({x.events} events)"));
                    return 0;
                }, code, to));
    }

    private static (string, string?) Parameter(string text) =>
        text.Split('=', 2) is [{ Length: > 0 } name, var value]
            ? (name, value)
            : throw new FormatException($"--param is NAME=VALUE, e.g. EQ_bizStep=shipping, not '{text}'");

    private static void PrintJob(IAnsiConsole console, JsonElement job)
    {
        var success = job.GetProperty("success").GetBoolean();
        console.MarkupLine($"capture {Markup.Escape(job.GetProperty("captureId").GetString()!)}: "
            + (success ? "[green]success[/]" : "[red]failed[/]") + $", {job.GetProperty("stored").GetInt32()} of "
            + $"{job.GetProperty("events").GetInt32()} events stored");
        var errors = job.GetProperty("errors");
        if (errors.GetArrayLength() == 0) return;
        var table = new Table().AddColumns("#", "event", "rule", "why");
        foreach (var e in errors.EnumerateArray())
            table.AddRow(Text(e, "eventIndex"), Markup.Escape(Short(Text(e, "eventId"))), Markup.Escape(Text(e, "rule") is { Length: > 0 } r
                ? r : Text(e, "type")), Markup.Escape(Text(e, "detail")));
        console.Write(table);
    }

    private static void PrintPage(IAnsiConsole console, EpcisPage page)
    {
        var table = new Table().AddColumns("time", "type", "action", "step", "disposition", "what", "eventID");
        var count = 0;
        foreach (var e in page.Events)
        {
            count++;
            var what = What(e).ToList();
            table.AddRow(Markup.Escape(Text(e, "eventTime")), Text(e, "type"), Text(e, "action"), Markup.Escape(Text(e, "bizStep")),
                Markup.Escape(Text(e, "disposition")), Markup.Escape(what.Count switch
                {
                    0 => "",
                    1 => what[0],
                    _ => $"{what[0]} (+{what.Count - 1})",
                }), Markup.Escape(Short(Text(e, "eventID"))));
        }
        console.Write(table);
        console.WriteLine(page.NextPageToken is { } next
            ? $"{count} events; next page: --page-token {next}"
            : $"{count} events");
    }

    /// <summary>The identifiers an event is about, in the order its fields name them.</summary>
    private static IEnumerable<string> What(JsonElement e)
    {
        foreach (var field in new[] { "parentID", "epcList", "childEPCs", "inputEPCList", "outputEPCList" })
            if (e.TryGetProperty(field, out var v))
                foreach (var epc in v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray()] : new[] { v })
                    yield return epc.ToString();
        foreach (var field in new[] { "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList" })
            if (e.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var q in list.EnumerateArray())
                    yield return Text(q, "epcClass");
    }

    private static string Text(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()
            : "";

    private static string Short(string id) => id.Length <= 40 ? id : id[..40] + "…";
}
