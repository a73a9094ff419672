using Nguon.Infrastructure;
using Xunit;

namespace Nguon.Tests.Domain;

public class SealedPageTests
{
    private sealed class Page
    {
        public List<string> Items { get; set; } = [];
    }

    /// <summary>A page's persisted state that counts writes and fails the next one when told to.</summary>
    private sealed class Stored : IPersistentState<Page>
    {
        public Page State { get; set; } = new();
        public int Writes { get; private set; }
        public bool FailNext { get; set; }
        public string? Etag => null;
        public bool RecordExists => Writes > 0;
        public Task ClearStateAsync() => Task.CompletedTask;
        public Task ReadStateAsync() => Task.CompletedTask;

        public Task WriteStateAsync()
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("storage unavailable");
            }
            Writes++;
            return Task.CompletedTask;
        }
    }

    private static Task Seal(Stored state, params string[] items) =>
        SealedPage.Seal(state, s => s.Items, items, string.Equals, "audit/x#0");

    [Fact]
    public void An_empty_page_is_written_the_same_content_is_not_other_content_is_refused()
    {
        Assert.True(SealedPage.NeedsWrite([], ["a"], string.Equals, "p"));
        Assert.False(SealedPage.NeedsWrite(["a", "b"], ["a", "b"], string.Equals, "p"));
        Assert.Throws<InvalidOperationException>(() => SealedPage.NeedsWrite(["a", "b"], ["a", "c"], string.Equals, "p"));
        Assert.Throws<InvalidOperationException>(() => SealedPage.NeedsWrite(["a", "b"], ["a"], string.Equals, "p"));
        Assert.Throws<InvalidOperationException>(() => SealedPage.NeedsWrite(["a"], ["a", "b"], string.Equals, "p"));
    }

    [Fact]
    public async Task A_page_is_written_once_and_never_rewritten()
    {
        var state = new Stored();
        await Seal(state, "a", "b");
        await Seal(state, "a", "b"); // the owner retrying
        Assert.Equal(1, state.Writes);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Seal(state, "a", "x"));
        Assert.Contains("audit/x#0", error.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], state.State.Items);
    }

    [Fact]
    public async Task A_failed_write_leaves_the_page_unsealed_so_the_retry_writes()
    {
        var state = new Stored { FailNext = true };
        await Assert.ThrowsAsync<IOException>(() => Seal(state, "a", "b"));
        Assert.Empty(state.State.Items);
        await Seal(state, "a", "b");
        Assert.Equal((1, 2), (state.Writes, state.State.Items.Count));
    }
}
