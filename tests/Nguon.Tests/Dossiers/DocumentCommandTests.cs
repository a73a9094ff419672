using System.Security.Cryptography;
using Nguon.Tests.Cli;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Dossiers;

/// <summary>`nguon doc upload | list | get` against the demo silo process (file-system document store).</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class DocumentCommandTests(DemoSiloFixture fixture) : IDisposable
{
    private readonly TempFolder temp = new("nguon-doc-cli-");
    private string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    private NguonTool Tool => new(fixture.Silo.Client.BaseAddress!.ToString());

    [Fact]
    public async Task A_document_uploaded_with_nguon_is_listed_and_downloads_byte_for_byte()
    {
        var packer = await fixture.Demo("ph-lucngan-01");
        var tool = Tool;
        var file = Path.Combine(folder, "packing-list.json");
        var content = $"{{\"lot\":\"PH01-LN26-P-0001\",\"cartons\":240,\"id\":\"{Guid.NewGuid()}\"}}";
        await File.WriteAllTextAsync(file, content);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)));

        var uploaded = (await tool.As(packer.Token, "doc", "upload", "batch", "PH01-LN26-P-0001", file, "--type", "packing-list")).Ok();
        Assert.StartsWith($"{sha} packing-list.json (application/json, ", uploaded.Stdout, StringComparison.Ordinal);

        var listed = (await tool.As(packer.Token, "--json", "doc", "list", "batch", "PH01-LN26-P-0001")).Ok().Json();
        Assert.Contains(listed.EnumerateArray(), d => d.Str("sha256") == sha && d.Str("type") == "packing-list" && d.Str("uploader") == packer.Id);

        var copy = Path.Combine(folder, "copy.json");
        (await tool.As(packer.Token, "doc", "get", "batch", "PH01-LN26-P-0001", sha, "--output", copy)).Ok();
        Assert.Equal(content, await File.ReadAllTextAsync(copy));
    }

    [Fact]
    public async Task Refusals_exit_2_with_one_line()
    {
        var retailer = await fixture.Demo(DemoSiloFixture.DemoRetailer);
        var tool = Tool;
        var file = Path.Combine(folder, "x.pdf");
        await File.WriteAllTextAsync(file, "%PDF-1.4\n%%EOF\n");

        (await tool.As(retailer.Token, "doc", "upload", "batch", "PH01-LN26-P-0001", file)).Forbidden();
        Assert.Contains("unknown subject", (await tool.As(retailer.Token, "doc", "list", "lorry", "PH01-LN26-P-0001")).Failed(), StringComparison.Ordinal);
        Assert.Contains("give --media-type", (await tool.As(retailer.Token, "doc", "upload", "batch", "PH01-LN26-P-0001", Path.Combine(folder, "x.exe"))).Failed(), StringComparison.Ordinal);
    }
}
