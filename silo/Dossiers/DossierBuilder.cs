using System.Text.Json;
using Nguon.Client;
using Nguon.Client.Dossiers;
using Nguon.Model;

namespace Nguon.Silo.Dossiers;

/// <summary>Turns what the trace grain gathered into the signed dossier (JWS, ES256, newest key).</summary>
public sealed class DossierBuilder(DossierKeyRing keys, TimeProvider clock)
{
    public DossierPayload Payload(DossierContent content, string issuer, DossierLog log) => new(
        DossierPayload.FormatName, issuer, clock.GetUtcNow(), content.Graph.Root, content.Graph.RootHash, content.Verification,
        content.Graph.Certificates, content.Graph.Farms, content.Graph.Batches, content.Graph.FarmLogs, content.Graph.CertificateLogs,
        [.. content.Documents.SelectMany(s => s.Documents.Select(d =>
            new DossierDocument(s.Kind, s.Id, d.Sha256, d.Size, d.MediaType, d.Name, d.Type, d.Uploader, d.UploadedAt)))], log);

    /// <summary>The id of the key <see cref="Sign"/> signs with (the HTML page names it without signing).</summary>
    public string Kid => keys.Signer.Kid;

    public (string Jws, string Kid) Sign(DossierPayload payload)
    {
        var (key, kid) = keys.Signer;
        return (Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(payload, NguonClient.Json), key, kid, DossierPayload.ContentType), kid);
    }
}
