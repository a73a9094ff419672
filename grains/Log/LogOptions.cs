namespace Nguon.Log;

/// <summary>The "Nguon:Log" configuration section: how often the sequencer signs a checkpoint, and how long a dossier
/// waits for its heads to be in one.</summary>
public sealed class LogOptions
{
    public const string Section = "Nguon:Log";
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    /// <summary>The promise: a checkpoint at least every 10 s while there are writes.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxDossierWait = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxIndexInterval = TimeSpan.FromMinutes(5);

    /// <summary>Time between sequencer runs; each run that appends heads signs a checkpoint.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the sequencer gathers each record's newest leaf before writing it to the per-record index
    /// (sooner when a dossier waits for one).</summary>
    public TimeSpan IndexInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dossier request waits for the heads it contains to be in a checkpoint before answering
    /// 503 with Retry-After.</summary>
    public TimeSpan DossierWait { get; set; } = TimeSpan.FromSeconds(15);
}
