using System.Globalization;

namespace Nguon.Domain.Organisations;

/// <summary>How an organisation's audit trail is laid out and bounded: a day (UTC) is spread over <see cref="Shards"/>
/// grains, each keeps at most its share of the day's entries, an entry's method and path are cut to a bounded length,
/// and days older than the retention are deleted.</summary>
public static class AuditRules
{
    /// <summary>An organisation's day is spread over this many log grains, so a busy packer's writes are not
    /// serialised behind one audit grain (no single grain on the write path).</summary>
    public const int Shards = 8;

    /// <summary>Entries a shard keeps in its own row before sealing them into a page.</summary>
    public const int PageSize = 100;

    /// <summary>Longest request path kept in an entry (a longer one is cut, ending in "...").</summary>
    public const int MaxPathLength = 256;

    /// <summary>Longest method kept (HTTP methods are short; anything longer is cut).</summary>
    public const int MaxMethodLength = 16;

    public const string DayFormat = "yyyy-MM-dd";

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static string Key(string organisation, string day, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{organisation}/{day}/{shard}");

    /// <summary>The organisation and day of a shard's key "{organisation}/{day}/{shard}".</summary>
    public static (string Organisation, string Day) Parse(string shardKey)
    {
        var parts = shardKey.Split('/');
        return (parts[0], parts.Length > 1 ? parts[1] : "");
    }

    /// <summary>Every shard of an organisation's day.</summary>
    public static IReadOnlyList<string> ShardKeys(string organisation, string day) =>
        [.. Enumerable.Range(0, Shards).Select(i => Key(organisation, day, i))];

    /// <summary>Entries one shard keeps of a day's <paramref name="maxEntriesPerDay"/> (whole pages, at least one).</summary>
    public static int EntriesPerShard(int maxEntriesPerDay) => Math.Max(1, maxEntriesPerDay / Shards / PageSize) * PageSize;

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    public static bool TryParseDay(string day, out DateOnly parsed) =>
        DateOnly.TryParseExact(day, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed);

    /// <summary>True when <paramref name="day"/> is older than <paramref name="retentionDays"/> days before
    /// <paramref name="today"/> (a day that does not parse is expired: it can hold nothing worth keeping).</summary>
    public static bool IsExpired(string day, DateOnly today, int retentionDays) =>
        !TryParseDay(day, out var d) || d < today.AddDays(-retentionDays);

    /// <summary>The days of <paramref name="days"/> that are expired once <paramref name="newest"/> begins, oldest first
    /// (none when <paramref name="newest"/> is not a day).</summary>
    public static IReadOnlyList<string> Expired(IEnumerable<string> days, string newest, int retentionDays) =>
        TryParseDay(newest, out var today) ? [.. days.Where(d => IsExpired(d, today, retentionDays)).Order(StringComparer.Ordinal)] : [];

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, ending in "..." when cut.</summary>
    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
