using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nguon.Benchmark.Http;

/// <summary>The few HTTP calls the benchmark makes to build its chains, each checked: a refusal stops the run with
/// the problem document.</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonElement> Send(HttpMethod method, string path, object? body, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> Put(string path, object body, string token) => Send(HttpMethod.Put, path, body, token);
    public Task<JsonElement> Post(string path, object body, string token) => Send(HttpMethod.Post, path, body, token);

    /// <summary>Registers an organisation and issues it a key; returns the key's token.</summary>
    public async Task<string> Organisation(string admin, string id, string role, string? codeSpace = null)
    {
        await Put($"api/organisations/{id}", new { name = $"Benchmark {role}", roles = new[] { role }, country = "VN", codeSpace }, admin);
        var issued = await Post($"api/organisations/{id}/keys", new { label = "bench" }, admin);
        return issued.GetProperty("token").GetString()!;
    }

    public static HttpClient NewHttpClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AllowAutoRedirect = true,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60), DefaultRequestVersion = HttpVersion.Version11 };
}
