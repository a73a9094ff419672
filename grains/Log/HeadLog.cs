using Nguon.Model;

namespace Nguon.Log;

/// <summary>Where every grain hands a new chain head once its state is written: the transparency log's intake.
/// (Contract only for now: the log itself is being built; until then this records nothing.)</summary>
public static class HeadLog
{
    public static Task Append(IGrainFactory grains, ChainHead head) => Task.CompletedTask;
}
