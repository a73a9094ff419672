using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Silo.Hosting;
using Nguon.Silo.Labels;

namespace Nguon.Tests.Http;

/// <summary>The base URL printed in QR codes and linksets: Nguon:PublicUrl when set, else where the request came.</summary>
public sealed class PublicUrlTests
{
    [Theory]
    [InlineData("https://id.nguon.example/", "https://id.nguon.example")]
    [InlineData("https://id.nguon.example", "https://id.nguon.example")]
    [InlineData(null, "http://127.0.0.1:5080")]
    [InlineData("", "http://127.0.0.1:5080")]
    public void The_public_URL_is_the_setting_else_the_request_s_own(string? setting, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Nguon:PublicUrl"] = setting }).Build();
        var options = configuration.GetSection("Nguon").Get<NguonOptions>() ?? new NguonOptions();
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(options).BuildServiceProvider() };
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1:5080");
        Assert.Equal(expected, PublicUrl.Of(http));
    }
}
