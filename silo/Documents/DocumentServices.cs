using Nguon.Silo.Dossiers;
using Nguon.Silo.Hosting;

namespace Nguon.Silo.Documents;

/// <summary>Registers the document store and the dossier signing keys from the validated settings. Both are made
/// before the host starts, so an unusable folder, account or key stops the start rather than the first request.</summary>
public static class DocumentServices
{
    public static WebApplicationBuilder AddNguonDocuments(this WebApplicationBuilder builder, NguonSettings settings)
    {
        var dataDirectory = settings.Nguon.DataDirectory;
        builder.Services.AddSingleton(Open(settings.Documents, dataDirectory));
        builder.Services.AddHealthChecks().AddCheck<DocumentStoreHealthCheck>("documents", tags: ["ready"]);
        var keys = Load(settings.Signing, dataDirectory);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(keys.RecordSigner());
        builder.Services.AddSingleton<DossierBuilder>();
        return builder;
    }

    private static IDocumentStore Open(DocumentOptions documents, string dataDirectory)
    {
        try
        {
            return documents.Store == DocumentStoreKind.AzureBlob
                ? new AzureBlobDocumentStore(documents.ConnectionString!, documents.Container)
                : new FileSystemDocumentStore(documents.PathIn(dataDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{DocumentOptions.Section}:Path {documents.PathIn(dataDirectory)} is not usable: {e.Message}");
        }
    }

    private static DossierKeyRing Load(SigningOptions signing, string dataDirectory)
    {
        var directory = signing.KeyDirectoryIn(dataDirectory);
        try
        {
            return DossierKeyRing.Load(directory, signing.CreateIfMissing);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{SigningOptions.Section}:KeyDirectory {directory}: {e.Message}");
        }
    }
}
