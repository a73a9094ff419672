using Nguon.Model;

namespace Nguon;

/// <summary>A GI certificate, keyed by its registration number.</summary>
[Alias("nguon.ICertificateGrain")]
public interface ICertificateGrain : IGrainWithStringKey
{
    /// <summary>Public: a GI certificate is a public record (its status history included), so there is no reader.</summary>
    [Alias("Get")] Task<Certificate?> Get();
    [Alias("Register")]
    Task<Outcome<Certificate>> Register(RegisterCertificate command, Actor actor, string? operationId = null);
    [Alias("ChangeStatus")]
    Task<Outcome<Certificate>> ChangeStatus(ChangeStatus command, Actor actor, string? operationId = null);

    /// <summary>Internal protocol (traces): the certificate's log with its signed head, from which
    /// <see cref="Get"/>'s certificate is derived; null when it is not registered.</summary>
    [Alias("GetLog")] Task<CertificateLog?> GetLog();

    /// <summary>Internal protocol (scans): the certificate's version, which a cached public verdict is checked against.</summary>
    [Alias("GetVersion")] Task<CertificateVersion> GetVersion();

    /// <summary>Internal protocol: a farm's authorisation under this GI changed, so every verdict judged against it
    /// must be judged again (a farm's record is not read by a scan).</summary>
    [Alias("AuthorisationChanged")] Task AuthorisationChanged();
}
