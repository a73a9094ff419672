using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Who may attach and read documents, by subject. Reads follow the subject's own read rules
/// (<see cref="Permissions"/>); attaching is for the parties who produce such documents.</summary>
public static class DocumentRules
{
    /// <summary>The most documents one subject keeps (its grain row is rewritten on each attach).</summary>
    public const int MaxPerSubject = 100;
    public const int MaxNameLength = 200;
    public const int MaxTypeLength = 64;

    /// <summary>Whether the actor may attach a document to the subject (loaded first: the batch or farm, null for
    /// a certificate) that holds <paramref name="count"/> documents already.</summary>
    public static Outcome<bool> CanAttach(Actor actor, DocumentSubjectKind kind, string id, Batch? batch, Farm? farm, int count)
    {
        if (MayAttach(actor, kind, batch, farm) is { } denied) return Outcome<bool>.Forbidden(denied);
        return count < MaxPerSubject ? Outcome<bool>.Ok(true)
            : Outcome<bool>.Rejected("document.too-many",
                $"{kind.ToString().ToLowerInvariant()} {id} already has {MaxPerSubject} documents, the most one subject keeps");
    }

    /// <summary>Attaching a document: the same bytes again (a retry) keep their first reference, for whoever may
    /// read them; new bytes need <see cref="CanAttach"/> and a well-formed reference, and are recorded as the
    /// actor's upload.</summary>
    public static Outcome<Change<DocumentInfo>> Attach(
        Actor actor, DocumentSubjectKind kind, string id, Batch? batch, Farm? farm, IReadOnlyList<DocumentInfo> attached,
        DocumentInfo document)
    {
        if (attached.FirstOrDefault(d => d.Sha256 == document.Sha256) is { } existing)
            return MayRead(actor, kind, batch, farm) is { } hidden
                ? Outcome<Change<DocumentInfo>>.Forbidden(hidden)
                : Change<DocumentInfo>.Replay(existing);
        var allowed = CanAttach(actor, kind, id, batch, farm, attached.Count);
        if (!allowed.IsOk) return allowed.As<Change<DocumentInfo>>();
        if (CheckReference(document).ToList() is { Count: > 0 } bad) return Outcome<Change<DocumentInfo>>.Rejected(bad);
        return Change<DocumentInfo>.New(document with { Uploader = actor.Organisation });
    }

    /// <summary>Batch: its custodian (packing list, fumigation record), an inspector (phytosanitary certificate,
    /// residue report) or the authority. Farm: its owner, an inspector or the authority. Certificate: the authority.</summary>
    public static Violation? MayAttach(Actor actor, DocumentSubjectKind kind, Batch? batch, Farm? farm)
    {
        var allowed = kind switch
        {
            DocumentSubjectKind.Batch => actor.HasAny(Role.Inspector, Role.Authority) || batch!.Custodian == actor.Organisation,
            DocumentSubjectKind.Farm => actor.HasAny(Role.Inspector, Role.Authority) || farm!.Owner == actor.Organisation,
            _ => actor.Has(Role.Authority),
        };
        return allowed ? null : new(Permissions.Rule, kind switch
        {
            DocumentSubjectKind.Batch =>
                $"{actor.Organisation} may not attach documents to {batch!.Code}: it is in the custody of {batch.Custodian}",
            DocumentSubjectKind.Farm =>
                $"{actor.Organisation} may not attach documents to farm {farm!.Code}: only its owner, an inspector or the authority may",
            _ => $"{actor.Organisation} may not attach documents to a GI certificate: it needs the authority role",
        });
    }

    /// <summary>Batch documents: whoever may read the batch's full record. Farm documents: its owner, inspectors,
    /// the authority. Certificate documents: any authenticated party (certificates are public records).</summary>
    public static Violation? MayRead(Actor actor, DocumentSubjectKind kind, Batch? batch, Farm? farm)
    {
        var allowed = kind switch
        {
            DocumentSubjectKind.Batch => Permissions.MayReadBatch(actor, batch!),
            DocumentSubjectKind.Farm => Permissions.MayReadFarm(actor, farm!),
            _ => actor.Roles is { Count: > 0 },
        };
        return allowed ? null : new(Permissions.Rule, kind switch
        {
            DocumentSubjectKind.Batch =>
                $"{actor.Organisation} may not read the documents of {batch!.Code}: "
                + "it is not its custodian, destination or a former custodian",
            DocumentSubjectKind.Farm => $"{actor.Organisation} may not read the documents of farm {farm!.Code}",
            _ => $"{actor.Organisation} may not read certificate documents without an API key",
        });
    }

    /// <summary>Name and type as people give them: bounded, no control characters or path separators.</summary>
    public static IEnumerable<Violation> CheckReference(DocumentInfo document)
    {
        if (Sha256(document.Sha256) is { } badHash) yield return badHash;
        if (string.IsNullOrWhiteSpace(document.Name) || document.Name.Length > MaxNameLength
            || document.Name.Any(c => char.IsControl(c) || c is '/' or '\\'))
            yield return new("input.document-name",
                $"a document name has 1–{MaxNameLength} characters and no control characters or path separators");
        if (document.Type is { } type && (type.Length > MaxTypeLength || !Ids.IsValid(type)))
            yield return new("input.document-type", $"'{type}' is not a document type such as phytosanitary-certificate");
    }

    /// <summary>Null when <paramref name="value"/> is a SHA-256 as documents are named (64 lower-case hex digits).</summary>
    public static Violation? Sha256(string? value) =>
        IsSha256(value) ? null : new("input.sha256", $"'{value}' is not a SHA-256 (64 lower-case hex digits)");

    /// <summary>No document with that hash is attached to the subject (key "{kind}/{id}").</summary>
    public static Violation NotAttached(string sha256, string subjectKey) =>
        new("document.unknown", $"no document {sha256} is attached to {subjectKey}");

    public static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>The grain key of a subject's documents.</summary>
    public static string Key(DocumentSubjectKind kind, string id) => $"{kind.ToString().ToLowerInvariant()}/{id}";

    public static (DocumentSubjectKind Kind, string Id) ParseKey(string key)
    {
        var slash = key.IndexOf('/');
        return (Enum.Parse<DocumentSubjectKind>(key[..slash], ignoreCase: true), key[(slash + 1)..]);
    }
}

/// <summary>The media types a document may have, and a check that the bytes look like the type they claim
/// (a PDF starts with %PDF-, a PNG with its signature, …), so an executable is not stored as "application/pdf".</summary>
public static class DocumentMediaTypes
{
    public static readonly IReadOnlyList<string> Allowed =
        ["application/pdf", "image/png", "image/jpeg", "application/json", "application/xml", "text/xml", "text/csv", "text/plain"];

    public static bool IsAllowed(string? mediaType) =>
        mediaType is not null && Allowed.Contains(mediaType, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the first bytes fit the declared type (text types: no NUL byte in what was read).</summary>
    public static bool LooksLike(string mediaType, ReadOnlySpan<byte> head) => mediaType.ToLowerInvariant() switch
    {
        "application/pdf" => head.StartsWith("%PDF-"u8),
        "image/png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        _ => !head.Contains((byte)0),
    };
}
