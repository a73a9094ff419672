using System.CommandLine;
using Nguon.Client.Dossiers;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class DossierCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var code = Arg("code", "batch code of the lot");
        var market = Optional("--market",
            "destination market whose import rules to check, e.g. JP (default: the country the lot is shipped to)");
        var to = Optional("--output", "write the signed dossier (JWS) to this file instead of standard output");
        var html = Optional("--html", "also write the readable page (English, Japanese, Vietnamese) to this file");
        var file = Arg("file", "a dossier (JWS compact serialization)");
        var jwks = Required("--jwks", "the issuer's public keys: a JWKS file, or its URL (e.g. https://…/.well-known/jwks.json)");
        var documents = Optional("--documents",
            "folder of the dossier's documents (named as in the dossier, or by SHA-256): get downloads them there, verify checks their "
                + "hashes");

        yield return Group("dossier", "The exporter's signed dossier of a lot",
            Make("get", "Fetch a lot's signed dossier (JWS, ES256)", output, async (c, ct) =>
            {
                var client = c.Client();
                var jws = await client.GetDossier(c.Value(code), c.Parse.GetValue(market), ct);
                if (c.Parse.GetValue(html) is { } page) await File.WriteAllTextAsync(page,
                    await client.GetDossierHtml(c.Value(code), c.Parse.GetValue(market), ct), ct);
                if (c.Parse.GetValue(documents) is { } folder)
                {
                    Directory.CreateDirectory(folder);
                    foreach (var d in DossierVerifier.ReadUnverified(jws).Documents.DistinctBy(d => d.Sha256))
                        await DocumentCommands.WriteFile(Path.Combine(folder, d.Sha256), destination
                            => client.DownloadDossierDocument(c.Value(code), d.Sha256, destination, ct));
                }
                if (c.Parse.GetValue(to) is { } path) await File.WriteAllTextAsync(path, jws, ct);
                else c.Output.WriteLine(jws);
                return 0;
            }, code, market, to, html, documents),
            Make("keys", "Print the server's dossier verification keys (JWKS), e.g. to keep for offline checks", output, async (c, ct) =>
            {
                c.Output.WriteLine(await c.Client().GetJwks(ct));
                return 0;
            }),
            Make("verify", "Verify a dossier offline against a public key set (and its documents); exits 1 when it does not verify",
                output, async (c, ct) =>
            {
                var compact = await File.ReadAllTextAsync(c.Value(file), ct);
                var keysSource = c.Value(jwks);
                var keysJson = Uri.TryCreate(keysSource, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                    ? await new HttpClient().GetStringAsync(url, ct)
                    : await File.ReadAllTextAsync(keysSource, ct);
                // A dossier that does not verify throws JwsException: exit 1 with one line saying what does not hold.
                var result = DossierVerifier.Verify(compact, JsonWebKeySet.Parse(keysJson), c.Parse.GetValue(documents));
                var p = result.Payload;
                c.Print(new
                {
                    valid = true, batch = p.Batch, kid = result.Kid, issuer = p.Issuer, issuedAt = p.IssuedAt, rootHash = p.RootHash,
                    verdict = p.Verification.Verdict, market = p.Verification.Market, documentsChecked = result.DocumentsChecked,
                    log = new
                    {
                        treeSize = result.Log.Checkpoint.TreeSize, rootHash = result.Log.Checkpoint.RootHash,
                        headsProven = result.Log.Heads.Count
                    },
                },
                    (con, r) =>
                    {
                        con.WriteLine($"dossier {r.batch} VALID: signed by key {r.kid} of {r.issuer} on {Context.Format(r.issuedAt)}");
                        con.WriteLine($"  root hash {r.rootHash}");
                        con.WriteLine($"  GI verdict {r.verdict.ToString().ToLowerInvariant()}"
                            + (r.market is null ? ""
                            : $"; {r.market.Market} import rules {(r.market.Passed ? "passed" : "FAILED")} "
                                + $"({r.market.Rules.Count(x => x.Passed)}/{r.market.Rules.Count})"));
                        con.WriteLine($"  {r.log.headsProven} chain heads proven in the transparency log's checkpoint of "
                            + $"{r.log.treeSize} leaves (root {r.log.rootHash})");
                        con.WriteLine(r.documentsChecked.Count == 0
                            ? $"  {p.Documents.Count} documents listed (not checked: give --documents DIR)"
                            : $"  {r.documentsChecked.Count} documents checked against their hashes");
                    });
                return 0;
            }, file, jwks, documents));
    }
}
