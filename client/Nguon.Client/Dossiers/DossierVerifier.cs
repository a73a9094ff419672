using System.Security.Cryptography;
using System.Text.Json;
using Nguon.Client.Log;
using Nguon.Model;

namespace Nguon.Client.Dossiers;

/// <summary>Checks a dossier offline: its signature against a public key set, the transparency log's proof of every
/// chain head it states (a checkpoint signed by a key of the set, each head's inclusion proof against it), and, given
/// a folder of documents, that every document it lists is there with the same SHA-256. Needs no network and no Nguon
/// server.</summary>
public static class DossierVerifier
{
    public sealed record Result(DossierPayload Payload, string Kid, IReadOnlyList<string> DocumentsChecked, DossierLog Log);

    /// <summary>The payload as it stands, signature NOT checked (e.g. to list the documents to download).</summary>
    public static DossierPayload ReadUnverified(string compact)
    {
        var parts = compact.Trim().Split('.');
        if (parts.Length != 3) throw new JwsException("not a JWS in compact serialization (three base64url parts separated by dots)");
        return Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
    }

    private static DossierPayload Parse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<DossierPayload>(bytes, NguonClient.Json)
                ?? throw new JwsException("the dossier payload is empty");
        }
        catch (JsonException e)
        {
            throw new JwsException($"the signed payload is not a dossier: {e.Message}");
        }
    }

    public static Result Verify(string compact, JsonWebKeySet keys, string? documentsFolder = null)
    {
        var (header, bytes) = Jws.Verify(compact, keys);
        var payload = Parse(bytes);
        if (payload.Format != DossierPayload.FormatName) throw new JwsException($"the payload format is {payload.Format}, "
            + $"not {DossierPayload.FormatName}");
        var log = CheckLog(payload, keys);
        var checkedDocuments = documentsFolder is null ? [] : CheckDocuments(payload, documentsFolder);
        return new Result(payload, (string)header["kid"]!, checkedDocuments, log);
    }

    /// <summary>Every head the dossier states must have a log proof that verifies against its signed checkpoint.</summary>
    private static DossierLog CheckLog(DossierPayload payload, JsonWebKeySet keys)
    {
        var log = payload.Log ?? throw new JwsException("the dossier carries no transparency-log proofs");
        try
        {
            LogVerification.CheckSignature(log.Checkpoint, keys);
            foreach (var head in DossierHeads.Of(payload))
                if (!log.Heads.Any(h => h.Kind == head.Kind && h.Id == head.Id && h.Sequence == head.Sequence && h.Hash == head.Hash))
                    throw new LogVerificationException($"{LogLeaf.KindName(head.Kind)} {head.Id}'s head (sequence {head.Sequence}, "
                        + $"{head.Hash}) has no log proof in the dossier");
            foreach (var head in log.Heads) LogVerification.CheckInclusion(head, log.Checkpoint);
        }
        catch (LogVerificationException e)
        {
            throw new JwsException(e.Message);
        }
        return log;
    }

    /// <summary>Each listed document must be in the folder, under its name or its SHA-256, with that SHA-256.</summary>
    private static List<string> CheckDocuments(DossierPayload payload, string folder)
    {
        if (!Directory.Exists(folder)) throw new JwsException($"documents folder {folder} does not exist");
        var found = new List<string>();
        var distinct = payload.Documents.DistinctBy(d => d.Sha256).ToList();
        // A name two different documents share cannot tell them apart: those are looked up by hash only.
        var shared = distinct.GroupBy(d => Path.GetFileName(d.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var document in distinct)
        {
            var names = shared.Contains(Path.GetFileName(document.Name)) ? [document.Sha256]
                : new[] { Path.GetFileName(document.Name), document.Sha256 };
            var candidates = names.Select(n => Path.Combine(folder, n)).Where(File.Exists).ToList();
            if (candidates.Count == 0)
                throw new JwsException($"document {document.Name} ({document.Sha256}) is not in {folder}");
            foreach (var file in candidates)
            {
                using var stream = File.OpenRead(file);
                var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
                if (actual != document.Sha256)
                    throw new JwsException($"document {file} does not match the dossier: its SHA-256 is {actual}, the dossier "
                        + $"states {document.Sha256}");
            }
            found.Add(document.Name);
        }
        return found;
    }
}
