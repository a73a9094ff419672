using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>How every canonical form is written: a JSON array with a fixed field order and a version tag first,
/// invariant culture, decimals without trailing zeros (<see cref="EventHashing.Number"/>), ISO-8601 times with their
/// offsets (<see cref="EventHashing.Time"/>), the default encoder's escaping, null distinct from empty.</summary>
public static class CanonicalJson
{
    public static byte[] Array(string tag, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStringValue(tag);
            fields(w);
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }

    public static void Nullable(Utf8JsonWriter w, string? value)
    {
        if (value is null) w.WriteNullValue(); else w.WriteStringValue(value);
    }

    public static void Time(Utf8JsonWriter w, DateTimeOffset? t)
    {
        if (t is { } at) w.WriteStringValue(EventHashing.Time(at)); else w.WriteNullValue();
    }

    public static void Number(Utf8JsonWriter w, decimal? d)
    {
        if (d is { } value) w.WriteStringValue(EventHashing.Number(value)); else w.WriteNullValue();
    }

    public static void Quantity(Utf8JsonWriter w, Quantity? q)
    {
        if (q is null) { w.WriteNullValue(); return; }
        w.WriteStartArray();
        w.WriteStringValue(EventHashing.Number(q.Amount));
        w.WriteStringValue(q.Unit);
        w.WriteEndArray();
    }

    /// <summary>A list as an array of its items (null written as an empty list: the records normalise it so).</summary>
    public static void List<T>(Utf8JsonWriter w, IEnumerable<T>? items, Action<Utf8JsonWriter, T> item)
    {
        w.WriteStartArray();
        foreach (var x in items ?? []) item(w, x);
        w.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter w, IEnumerable<string>? items) => List(w, items, (x, s) => x.WriteStringValue(s));

    public static void StatusChange(Utf8JsonWriter w, StatusChange? c)
    {
        if (c is null) { w.WriteNullValue(); return; }
        w.WriteStartArray();
        Time(w, c.At);
        w.WriteStringValue(c.Status switch
        {
            CertificateStatus.Active => "active",
            CertificateStatus.Suspended => "suspended",
            CertificateStatus.Revoked => "revoked",
            var other => ((int)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Nullable(w, c.Reason);
        Nullable(w, c.Actor);
        w.WriteEndArray();
    }
}
