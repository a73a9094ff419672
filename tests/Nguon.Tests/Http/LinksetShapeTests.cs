using System.Text.Json;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Tests.Http;

/// <summary>The linkset is typed records now; its JSON must be exactly what the nested dictionaries wrote before
/// (RFC 9264 shape: relation types as member names, target attributes in href, title, type order).</summary>
public sealed class LinksetShapeTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private const string Self = "https://id.example.vn";

    private static PublicVerification Verification(string? gi) =>
        new("LN26-EXP-0001", "08935000100011", "LN26EXP01", "lychee", gi, null, [], [], Verdict.Verified, [], "root",
            DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("VN-GI-00017", null)]
    [InlineData(null, "A0001")]
    public void The_typed_linkset_writes_the_same_JSON_as_the_dictionaries_did(string? gi, string? serial)
    {
        var link = new DigitalLink("08935000100011", "LN26EXP01", serial);
        var v = Verification(gi);
        var typed = JsonSerializer.Serialize(DigitalLinkEndpoints.Linkset(Self, link, v.Batch, v), Web);
        Assert.Equal(JsonSerializer.Serialize(AsDictionaries(link, v), Web), typed);
        Assert.Contains("\"https://gs1.org/voc/certificationInfo\":[" + (gi is null ? "]" : "{\"href\""), typed, StringComparison.Ordinal);
    }

    /// <summary>The linkset as the endpoint built it before the typed records (kept here as the reference shape).</summary>
    private static object AsDictionaries(DigitalLink link, PublicVerification v)
    {
        var anchor = link.ToUri(Self);
        var batch = $"{Self}/api/batches/{Uri.EscapeDataString(v.Batch)}";
        return new Dictionary<string, object>
        {
            ["linkset"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["anchor"] = anchor,
                    ["https://gs1.org/voc/defaultLink"] =
                        new[] { new { href = anchor, title = $"{v.Product}: {v.Verdict}", type = "text/html" } },
                    ["https://gs1.org/voc/verificationService"] =
                        new[] { new { href = $"{batch}/verification", title = "GI verification", type = "application/json" } },
                    ["https://gs1.org/voc/traceability"] =
                        new[] { new { href = $"{batch}/trace", title = "Provenance graph (API key needed)", type = "application/json" } },
                    ["https://gs1.org/voc/certificationInfo"] = v.GiNumber is null ? []
                        : new[] { new { href = $"{Self}/api/certificates/{v.GiNumber}", title = $"GI {v.GiNumber}",
                            type = "application/json" } },
                },
            },
        };
    }
}
