using Nguon.Domain.Log;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>The rollback rule: a record whose head is older than the newest head the transparency log holds for it
/// was put back by whoever can write the database; a head newer than the log's, or no logged head, is normal.</summary>
public class LogRollbackTests
{
    private static readonly ChainHead Certificate = new(RecordKind.Certificate, "VN-GI-00017", 2, new string('a', 64));

    private static LogEntry Logged(ChainHead head, int sequence, long index = 7) =>
        new(index, new LogLeaf(LogLeaf.RecordOf(head.Kind, head.Id), sequence, new string('b', 64), DateTimeOffset.UnixEpoch));

    [Fact]
    public void A_record_behind_its_logged_head_is_a_rollback_naming_it()
    {
        var found = Assert.Single(LogRollback.Check([Certificate], [Logged(Certificate, 3)]));
        Assert.Equal("integrity.rollback", found.Rule);
        Assert.Contains("certificate VN-GI-00017", found.Message, StringComparison.Ordinal);
        Assert.Contains("head 3", found.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_at_or_ahead_of_the_log_or_not_logged_yet_is_not()
    {
        Assert.Empty(LogRollback.Check([Certificate], [Logged(Certificate, 2)]));
        Assert.Empty(LogRollback.Check([Certificate], [Logged(Certificate, 1)]));
        Assert.Empty(LogRollback.Check([Certificate], [null]));
        // An entry for another record (an index row moved under this key) says nothing about this one.
        var other = Certificate with { Id = "VN-GI-00018" };
        Assert.Empty(LogRollback.Check([Certificate], [Logged(other, 9)]));
    }
}
