namespace Nguon.Client;

public sealed partial class NguonClient
{
    /// <summary>The FSMA 204 sortable spreadsheet of a lot (a batch code, or GTIN + lot as 01{GTIN-14}10{lot}) as the
    /// server renders it: <paramref name="format"/> "xlsx" or "csv".</summary>
    public Task<byte[]> ExportFsma204(string tlc, string format, CancellationToken ct = default) =>
        Send(HttpMethod.Get, $"api/exports/fsma204?tlc={E(tlc)}&format={E(format)}", null, ct,
            static (content, token) => content.ReadAsByteArrayAsync(token));

    /// <summary>The FSMA 204 spreadsheet of a period (<paramref name="from"/> to <paramref name="to"/>, a day or a time with
    /// its offset, at most 92 days), optionally of one GI: the lots the key may read, from the server's read model.</summary>
    public Task<byte[]> ExportFsma204Period(string from, string to, string? gi, string format, CancellationToken ct = default) =>
        Send(HttpMethod.Get, WithQuery("api/exports/fsma204", [("from", from), ("to", to), ("gi", gi), ("format", format)]), null, ct,
            static (content, token) => content.ReadAsByteArrayAsync(token));
}
