namespace Nguon.Client;

public sealed partial class NguonClient
{
    /// <summary>The FSMA 204 sortable spreadsheet of a lot (a batch code, or GTIN + lot as 01{GTIN-14}10{lot}) as the
    /// server renders it: <paramref name="format"/> "xlsx" or "csv".</summary>
    public Task<byte[]> ExportFsma204(string tlc, string format, CancellationToken ct = default) =>
        Send(HttpMethod.Get, $"api/exports/fsma204?tlc={E(tlc)}&format={E(format)}", null, ct,
            static (content, token) => content.ReadAsByteArrayAsync(token));
}
