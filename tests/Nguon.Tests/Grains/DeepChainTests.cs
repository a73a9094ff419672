using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Api;
using Nguon.Silo.Hosting;
using Nguon.Silo.Labels;
using Nguon.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nguon.Tests.Grains;

/// <summary>Issue 12: a chain of one-part splits far deeper than any real one, built through the grains, and every
/// read path on it. Each walk answers a 4xx-class refusal where a cap applies (no stack overflow, no unbounded work),
/// the parts of the chain within the caps still verify, and the cluster answers afterwards.</summary>
// The chain is built once, in the deep-chain collection's own cluster (its tens of thousands of activations leave
// with it), and the HTTP test serves the same chain from a silo process.
[Collection(DeepChainCollection.Name)]
public sealed class DeepChainTests(DeepChainFixture fixture, ITestOutputHelper output)
{
    private static readonly int Depth = DeepChainFixture.Depth;

    [Fact]
    public async Task Every_read_path_on_a_50000_deep_chain_answers_and_the_cluster_stays_up()
    {
        var s = fixture.World;
        output.WriteLine(fixture.Figures);
        var tip = s.Id($"d{Depth - 1}");
        var root = s.Id("d0");

        var started = Stopwatch.GetTimestamp();
        TooDeep(await s.Trace.Backward(tip, s.Inspector), tip);
        TooDeep(await s.Trace.Verify(tip, null, s.Inspector), tip);
        TooDeep(await s.Trace.VerifyForMarket(tip, null, "JP", s.Inspector), tip);
        TooDeep(await s.Trace.VerifyPublic(tip, null), tip);
        TooDeep(await s.Trace.ChainView(tip, s.Inspector), tip);
        TooDeep(await s.Trace.Dossier(tip, null, s.Inspector), tip);
        TooDeep(await s.Trace.Forward(root, s.Inspector), root);
        TooDeep(await s.Trace.RecallScope(s.Id(DeepChain.Farm), DeepChain.Season, s.Inspector), s.Id(DeepChain.Farm));
        output.WriteLine($"eight refused walks in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s");

        // Within the caps the same chain is walked whole: the last MaxDepth + 1 batches from the root verify...
        var shallow = s.Id($"d{TraceLimits.MaxDepth}");
        var verified = Scenario.Ok(await s.Trace.Verify(shallow, null, s.Inspector));
        Assert.Equal(Verdict.Verified, verified.Verdict);
        Assert.Equal(TraceLimits.MaxDepth + 1, verified.BatchesChecked);
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.VerifyPublic(shallow, null)).Verdict);
        var view = Scenario.Ok(await s.Trace.ChainView(shallow, s.Inspector));
        Assert.Contains("verified", ChainView.Svg(view.Graph, view.Verification));
        Assert.Equal(verified.RootHash, Scenario.Ok(await s.Trace.Dossier(shallow, null, s.Inspector)).Graph.RootHash);
        TooDeep(await s.Trace.Verify(s.Id($"d{TraceLimits.MaxDepth + 1}"), null, s.Inspector), s.Id($"d{TraceLimits.MaxDepth + 1}"));
        // ...and so do the descendants of a batch MaxDepth levels above the tip.
        var forward = Scenario.Ok(await s.Trace.Forward(s.Id($"d{Depth - 1 - TraceLimits.MaxDepth}"), s.Inspector));
        Assert.Equal(TraceLimits.MaxDepth + 1, forward.Batches.Count);

        // The cluster still answers.
        Assert.Equal(tip, (await s.Batch($"d{Depth - 1}").GetRecord())?.Code);
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("d1"), null, s.Inspector)).Verdict);
    }

    /// <summary>Refused by the depth cap, naming the walk's start, and answered over HTTP as a 4xx problem.</summary>
    private static void TooDeep<T>(Outcome<T> outcome, string start)
    {
        Assert.Equal(OutcomeStatus.Rejected, outcome.Status);
        var why = Assert.Single(outcome.Violations);
        Assert.Equal("trace.too-deep", why.Rule);
        Assert.Contains(start, why.Message);
        var problem = outcome.ToProblem();
        Assert.InRange(problem.StatusCode, 400, 499);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
        Assert.Equal("urn:nguon:rule:trace.too-deep", problem.ProblemDetails.Type);
    }
}
