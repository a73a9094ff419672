using Nguon.Model;
using Nguon.Tests.Infrastructure;
using Orleans.Runtime;

namespace Nguon.Tests.Log;

/// <summary>A batch's head reaches the log without its write waiting for the log's intake (<c>HeadOutbox</c>): the
/// write is acknowledged while the intake cannot write, the head is handed over again until it is stored, and a batch
/// deactivated before that hands it over when it is next activated (its row says the log never confirmed it). In the
/// log tests' class: the storage faults are the cluster's, so these tests must not run beside the others.</summary>
public sealed partial class LogGrainTests
{
    [Fact]
    public async Task A_write_is_acknowledged_while_the_intake_cannot_write_and_its_head_is_logged_once_it_can()
    {
        var world = await new Scenario(Grains).WithCertificate(maxYield: 1_000_000m);
        await world.AuthorisedFarm("farm", areaHa: 100m);
        ChainHead head;
        using (FaultyStorage.Block("log-intake"))
        {
            await world.Harvest("farm", "outage", 100m);
            Scenario.Ok(await world.Batch("outage").RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 11, 9)), world.Producer));
            head = Head((await world.Batch("outage").GetRecord())!);
            await WaitUntil(() => FaultyStorage.BlockedWrites("log-intake") > 0);
        }
        var proofs = await fixture.Logged([head]);
        Assert.Equal(head.Sequence, Assert.Single(proofs.Heads).Sequence);
    }

    [Fact]
    public async Task A_batch_deactivated_before_the_log_confirmed_its_head_hands_it_over_when_activated_again()
    {
        var world = await new Scenario(Grains).WithCertificate(maxYield: 1_000_000m);
        await world.AuthorisedFarm("farm", areaHa: 100m);
        ChainHead head;
        using (FaultyStorage.Block("log-intake"))
        {
            await world.Harvest("farm", "gone", 100m);
            head = Head((await world.Batch("gone").GetRecord())!);
            await WaitUntil(() => FaultyStorage.BlockedWrites("log-intake") > 0);
            // Every idle activation goes, the batch's with its head unconfirmed: its outbox stops retrying.
            await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }
        // The next call activates the batch again, which finds its head unconfirmed in its row and hands it over.
        Assert.NotNull(await world.Batch("gone").GetRecord());
        await fixture.Logged([head]);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20); // polling interval
        }
    }

}
