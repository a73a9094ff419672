using Nguon.Domain;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.CustodyHistoryTests;

namespace Nguon.Tests.Domain;

/// <summary>Issue 14: an organisation reads the lots it holds or held; it still writes only what it holds.</summary>
public class FormerCustodianPermissionTests
{
    private static readonly Actor Stranger = new("STRANGER-OPERATOR", [Role.Operator]);

    /// <summary>Harvested by the producer, received by the packer, then by the importer.</summary>
    private static Batch Imported() => new Lot(Producer).HandOver(Producer, Packer).HandOver(Packer, Importer).Header;

    [Fact]
    public void The_custodian_and_every_former_custodian_read_the_record_a_stranger_does_not()
    {
        var batch = Imported();
        foreach (var holder in new[] { Producer, Packer, Importer })
        {
            Assert.True(Permissions.MayReadBatch(holder, batch), holder.Organisation);
            Assert.Null(Permissions.ReadBatch(holder, batch));
            Assert.Null(Permissions.ReadTrace(holder, batch));
            Assert.Null(DocumentRules.MayRead(holder, DocumentSubjectKind.Batch, batch, null));
        }
        Assert.False(Permissions.MayReadBatch(Stranger, batch));
        var refused = Permissions.ReadBatch(Stranger, batch)!;
        Assert.Equal(Permissions.Rule, refused.Rule);
        Assert.Equal("STRANGER-OPERATOR may not read the record of H-1: it is not its custodian, destination or a former custodian",
            refused.Message);
        Assert.NotNull(DocumentRules.MayRead(Stranger, DocumentSubjectKind.Batch, batch, null));
        // A header stored before the list existed lets no former custodian in.
        Assert.False(Permissions.MayReadBatch(Producer, batch with { FormerCustodians = null }));
    }

    [Fact]
    public void A_former_custodian_writes_nothing()
    {
        var batch = Imported();
        foreach (var former in new[] { Producer, Packer })
        {
            foreach (var step in new[] { "storing", "shipping", "receiving", "destroying" })
                Assert.NotNull(Permissions.RecordEvent(former, batch, step));
            Assert.NotNull(Permissions.Custodian(former, batch, "split H-1"));
            Assert.NotNull(DocumentRules.MayAttach(former, DocumentSubjectKind.Batch, batch, null));
            Assert.NotNull(Permissions.Recall(former, batch.Code));
        }
        Assert.Null(Permissions.RecordEvent(Importer, batch, "storing"));
        Assert.Null(DocumentRules.MayAttach(Importer, DocumentSubjectKind.Batch, batch, null));
    }
}
