using Nguon.Silo.Dossiers;
using Nguon.Silo.Hosting;

namespace Nguon.Silo.Documents;

/// <summary>Registers the document store and the dossier signing keys from configuration.</summary>
public static class DocumentServices
{
    public static WebApplicationBuilder AddNguonDocuments(this WebApplicationBuilder builder, NguonOptions nguon)
    {
        var documents = builder.Configuration.GetSection(DocumentOptions.Section).Get<DocumentOptions>() ?? new DocumentOptions();
        var signing = builder.Configuration.GetSection(SigningOptions.Section).Get<SigningOptions>() ?? new SigningOptions();
        // The embedded defaults keep documents and keys beside the SQLite database (data/ by default).
        var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(nguon.SqlitePath)) ?? ".";
        IDocumentStore store = documents.Store switch
        {
            DocumentStoreKind.AzureBlob => new AzureBlobDocumentStore(
                documents.ConnectionString ?? throw new InvalidOperationException("Nguon:Documents:ConnectionString is required when Nguon:Documents:Store is AzureBlob"),
                documents.Container),
            _ => new FileSystemDocumentStore(documents.Path ?? Path.Combine(dataDirectory, "documents")),
        };
        builder.Services.AddSingleton(documents);
        builder.Services.AddSingleton(store);
        builder.Services.AddHealthChecks().AddCheck<DocumentStoreHealthCheck>("documents", tags: ["ready"]);
        builder.Services.AddSingleton(DossierKeyRing.Load(signing.KeyDirectory ?? Path.Combine(dataDirectory, "signing-keys"), signing.CreateIfMissing));
        builder.Services.AddSingleton<DossierBuilder>();
        return builder;
    }
}
