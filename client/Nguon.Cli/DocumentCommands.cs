using System.CommandLine;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class DocumentCommands
{
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf", [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg",
        [".json"] = "application/json", [".xml"] = "application/xml", [".csv"] = "text/csv", [".txt"] = "text/plain",
    };

    public static IEnumerable<Command> Build(TextWriter output)
    {
        var subject = Arg("subject", "batch, farm or certificate");
        var id = Arg("id", "batch code, growing-area code or GI registration number");
        var file = Arg("file", "the document to upload");
        var sha = Arg("sha256", "the document's SHA-256");
        var type = Optional("--type", "what the document is, e.g. phytosanitary-certificate, fumigation-record, residue-report");
        var mediaType = Optional("--media-type",
            "media type (default: from the file extension: .pdf, .png, .jpg, .json, .xml, .csv, .txt)");
        var name = Optional("--name", "document name (default: the file name)");
        var to = Optional("--output", "where to write the document (default: its name, in the current folder)");

        yield return Group("doc", "Documents of batches, farms and GI certificates (stored once, by SHA-256)",
            Make("upload", "Upload a document and attach it to a batch, farm or certificate", output, async (c, ct) =>
            {
                var path = c.Value(file);
                var media = c.Parse.GetValue(mediaType) ?? (MediaTypes.TryGetValue(Path.GetExtension(path), out var m) ? m
                    : throw new FormatException($"cannot tell the media type of {path} from its extension: give --media-type"));
                await using var content = File.OpenRead(path);
                var document = await c.Client().UploadDocument(Subject(c.Value(subject)), c.Value(id), content, media,
                    c.Parse.GetValue(name) ?? Path.GetFileName(path), c.Parse.GetValue(type), ct);
                c.Print(document, (con, d)
                    => con.WriteLine($"{d.Sha256} {d.Name} ({d.MediaType}, {d.Size:N0} bytes) attached by {d.Uploader}"));
                return 0;
            }, subject, id, file, type, mediaType, name),
            Make("list", "List the documents attached to a batch, farm or certificate", output, async (c, ct) =>
            {
                c.Print(await c.Client().ListDocuments(Subject(c.Value(subject)), c.Value(id), ct), (con, documents) =>
                {
                    var table = new Table().AddColumns("sha256", "name", "type", "media type", "bytes", "uploader", "uploaded");
                    foreach (var d in documents)
                        table.AddRow(d.Sha256, Markup.Escape(d.Name), Markup.Escape(d.Type ?? ""), d.MediaType, d.Size.ToString("N0"),
                            d.Uploader, Context.Format(d.UploadedAt));
                    con.Write(table);
                });
                return 0;
            }, subject, id),
            Make("get", "Download a document (its SHA-256 is checked by the server and again here)", output, async (c, ct) =>
            {
                var client = c.Client();
                var kind = Subject(c.Value(subject));
                var path = c.Parse.GetValue(to);
                if (path is null)
                {
                    var listed = (await client.ListDocuments(kind, c.Value(id), ct)).FirstOrDefault(d => d.Sha256 == c.Value(sha));
                    path = Path.GetFileName(listed?.Name) is { Length: > 0 } n ? n : c.Value(sha);
                }
                await WriteFile(path, destination => client.DownloadDocument(kind, c.Value(id), c.Value(sha), destination, ct));
                c.Print(new { sha256 = c.Value(sha), file = path }, (con, r) => con.WriteLine($"{r.file} ({r.sha256}, hash checked)"));
                return 0;
            }, subject, id, sha, to));
    }

    /// <summary>Writes a download under a temporary name and moves it into place only once its hash checked out.</summary>
    public static async Task WriteFile(string path, Func<Stream, Task> download)
    {
        var partial = path + ".part";
        try
        {
            await using (var destination = new FileStream(partial, FileMode.Create, FileAccess.Write))
                await download(destination);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public static DocumentSubjectKind Subject(string text) => text.ToLowerInvariant() switch
    {
        "batch" or "batches" => DocumentSubjectKind.Batch,
        "farm" or "farms" => DocumentSubjectKind.Farm,
        "certificate" or "certificates" or "cert" => DocumentSubjectKind.Certificate,
        _ => throw new FormatException($"unknown subject '{text}' (batch, farm or certificate)"),
    };
}
