using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Nguon.Domain.Epcis;

/// <summary>The nextPageToken of a query's page: where the page ended (<see cref="EpcisPagePosition"/>) and the query it
/// belongs to, base64url, with a check digest. It is a position, not a capability: every page is filtered by what the
/// reader may see, so a forged token could only move the position; the check makes a mangled or foreign token a 400
/// instead of a wrong page.</summary>
public static class EpcisPageToken
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 1 + 8 + 8 + 4 + 8, CheckLength = 8;
    private static readonly byte[] Salt = "nguon-epcis-page-token"u8.ToArray();

    public static string Of(EpcisPagePosition position, ulong fingerprint)
    {
        var bytes = new byte[PayloadLength + CheckLength];
        bytes[0] = Version;
        bytes[1] = position.Time is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), position.Time?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(10), position.Seq);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(18), position.Delivered);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(22), fingerprint);
        Check(bytes.AsSpan(0, PayloadLength)).CopyTo(bytes.AsSpan(PayloadLength));
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The position in <paramref name="token"/>, or null when it is no token of this query.</summary>
    public static EpcisPagePosition? Read(string token, ulong fingerprint)
    {
        if (token.Length is 0 or > 64) return null;
        var b64 = token.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        var bytes = new byte[48];
        if (!Convert.TryFromBase64String(b64, bytes, out var written) || written != PayloadLength + CheckLength) return null;
        var payload = bytes.AsSpan(0, PayloadLength);
        if (bytes[0] != Version || !Check(payload).AsSpan().SequenceEqual(bytes.AsSpan(PayloadLength, CheckLength))) return null;
        if (BinaryPrimitives.ReadUInt64BigEndian(payload[22..]) != fingerprint) return null;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(payload[2..]);
        var seq = BinaryPrimitives.ReadInt64BigEndian(payload[10..]);
        var delivered = BinaryPrimitives.ReadInt32BigEndian(payload[18..]);
        if (ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks || seq < 0 || delivered < 0) return null;
        return new EpcisPagePosition(bytes[1] == 1 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null, seq, delivered);
    }

    private static byte[] Check(ReadOnlySpan<byte> payload) => SHA256.HashData([.. payload, .. Salt])[..CheckLength];
}

/// <summary>The nextPageToken of a list of values (bizSteps, readPoints, epcs…): the last value given, base64url, behind
/// a check digest.</summary>
public static class EpcisValueToken
{
    public static string Of(string lastValue)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(lastValue);
        return Convert.ToBase64String([.. SHA256.HashData(text)[..4], .. text]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string? Read(string token)
    {
        if (token.Length is 0 or > 1024) return null;
        var b64 = token.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        var bytes = new byte[b64.Length];
        if (!Convert.TryFromBase64String(b64, bytes, out var written) || written <= 4) return null;
        var text = bytes.AsSpan(4, written - 4);
        if (!SHA256.HashData(text)[..4].AsSpan().SequenceEqual(bytes.AsSpan(0, 4))) return null;
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(text);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }
}
