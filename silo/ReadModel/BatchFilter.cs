using System.Text;
using Nguon.Model;

namespace Nguon.Silo.ReadModel;

/// <summary>A list of batches as asked: every filter optional and combined with AND. <see cref="From"/>/<see cref="To"/>
/// bound the time of the <see cref="Step"/> event when a step is given ("shipped in June"), else the lot's creation
/// (its harvest, merge or transformation); with the shipping step and a <see cref="Destination"/>, the time of a
/// shipment to that destination ("shipped to Japan in June"). <see cref="Destination"/> is an organisation or a
/// country code, matched against where any of the lot's shipments went. <see cref="Farm"/>: lots holding fruit of
/// that farm (its harvests and every lot made from them). <see cref="Q"/>: a prefix of the code, lot or product.</summary>
public sealed record BatchFilter(
    string? Gi = null, string? Season = null, string? Farm = null, string? Custodian = null, BatchStatus? Status = null,
    string? Step = null, string? Destination = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Gtin = null,
    string? Q = null);

/// <summary>A page of a list: at most the limit asked, and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Opaque keyset cursors: the last key of a page, base64url, so a client passes it back unchanged.</summary>
public static class Cursor
{
    public static string Of(string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryRead(string? cursor, out string after)
    {
        after = "";
        if (string.IsNullOrEmpty(cursor)) return true;
        if (cursor.Length > 400) return false;
        var b64 = cursor.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        var bytes = new byte[b64.Length];
        if (!Convert.TryFromBase64String(b64, bytes, out var written)) return false;
        try
        {
            after = new UTF8Encoding(false, true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return after.Length > 0 && Ids.IsValid(after);
    }
}
