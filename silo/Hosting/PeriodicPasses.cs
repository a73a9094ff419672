namespace Nguon.Silo.Hosting;

/// <summary>The loop of a background service that works in passes: from the application's start, one pass at once and one
/// every interval after; a pass that fails is reported to <c>failed</c> and the next runs on time; stopping ends it.</summary>
public static class PeriodicPasses
{
    public static async Task Run(IHostApplicationLifetime lifetime, TimeProvider clock, TimeSpan interval,
        Func<CancellationToken, Task> pass, Action<Exception> failed, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult())) await started.Task.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
