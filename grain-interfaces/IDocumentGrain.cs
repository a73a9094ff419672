using Nguon.Model;

namespace Nguon;

/// <summary>The document references of one subject, keyed "{kind}/{id}" (e.g. "batch/PH01-LN26-EXP-0001"). Holds
/// references only (hash, size, media type, name, uploader), at most <c>DocumentRules.MaxPerSubject</c>.
/// Who may attach and read follows the subject's own rules (Domain/DocumentRules).</summary>
[Alias("nguon.IDocumentGrain")]
public interface IDocumentGrain : IGrainWithStringKey
{
    /// <summary>Whether <paramref name="actor"/> may attach a document now (checked before any bytes are stored).</summary>
    [Alias("CanAttach")] Task<Outcome<bool>> CanAttach(Actor actor);
    /// <summary>Attaches a stored document; attaching the same hash again returns the existing reference.</summary>
    [Alias("Attach")] Task<Outcome<DocumentInfo>> Attach(DocumentInfo document, Actor actor);
    [Alias("List")] Task<Outcome<IReadOnlyList<DocumentInfo>>> List(Actor actor);
    [Alias("Find")] Task<Outcome<DocumentInfo>> Find(string sha256, Actor actor);

    /// <summary>Internal protocol (grains only; no read check): for a trace building a dossier for a reader it has
    /// allowed on the root.</summary>
    // A batch asks it while deciding an event that cites documents, and an attach asks that batch: it interleaves,
    // so the two never wait on each other.
    [Alias("GetAll"), Orleans.Concurrency.AlwaysInterleave] Task<IReadOnlyList<DocumentInfo>> GetAll();
}
