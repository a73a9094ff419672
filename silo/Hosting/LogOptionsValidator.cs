using Microsoft.Extensions.Options;
using Nguon.Log;

namespace Nguon.Silo.Hosting;

/// <summary>The transparency log's settings: a checkpoint interval the "at least every 10 s" holds for, and a
/// bounded dossier wait.</summary>
public sealed class LogOptionsValidator : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions options)
    {
        var failures = new List<string>();
        if (options.CheckpointInterval < LogOptions.MinInterval || options.CheckpointInterval > LogOptions.MaxInterval)
            failures.Add($"{LogOptions.Section}:CheckpointInterval must be between {LogOptions.MinInterval:c} and "
                + $"{LogOptions.MaxInterval:c} (got {options.CheckpointInterval:c})");
        if (options.IndexInterval < TimeSpan.Zero || options.IndexInterval > LogOptions.MaxIndexInterval)
            failures.Add($"{LogOptions.Section}:IndexInterval must be between 00:00:00 and {LogOptions.MaxIndexInterval:c} "
                + $"(got {options.IndexInterval:c})");
        if (options.DossierWait < TimeSpan.Zero || options.DossierWait > LogOptions.MaxDossierWait)
            failures.Add($"{LogOptions.Section}:DossierWait must be between 00:00:00 and {LogOptions.MaxDossierWait:c} "
                + $"(got {options.DossierWait:c})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
