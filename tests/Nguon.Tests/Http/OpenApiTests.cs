using System.Net;

namespace Nguon.Tests.Http;

[Collection(DemoSiloCollection.Name)]
public sealed class OpenApiTests(DemoSiloFixture fixture)
{
    [Fact]
    public async Task OpenApi_document_lists_the_public_routes()
    {
        // The API description is public: no key needed.
        using var response = await fixture.Client.GetAsync("openapi/v1.json");
        var doc = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.", doc.Str("openapi"), StringComparison.Ordinal);

        var paths = doc.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/batches/{code}/verification", "get"),
            ("/api/farms/{code}/harvests", "post"),
            ("/api/certificates/{number}", "put"),
            ("/api/certificates/{number}", "get"),
            ("/api/batches/{code}/trace", "get"),
            ("/api/batches/{code}/split", "post"),
            ("/api/batches/merges", "post"),
            ("/api/batches/{code}/verification/full", "get"),
            ("/api/organisations/{id}", "put"),
            ("/api/organisations/{id}/keys", "post"),
            ("/api/organisations/{id}/keys", "get"),
            ("/api/organisations/{id}/keys/{keyId}", "delete"),
            ("/api/organisations/{id}/audit", "get"),
            ("/api/me", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
            Assert.True(item.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
        }
    }
}
