using Nguon.Model;
using Xunit;

namespace Nguon.Tests.Domain;

public class ModelTests
{
    [Theory]
    [InlineData(1500, "kg", "1500 kg")]
    [InlineData(1.5, "t", "1.5 t")]
    [InlineData(0.25, "kg", "0.25 kg")]
    [InlineData(12, "crate", "12 crate")]
    public void Quantity_prints_amount_and_unit_in_invariant_culture(double amount, string unit, string expected)
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("vi-VN");
            Assert.Equal(expected, new Quantity((decimal)amount, unit).ToString());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Quantities_with_equal_amounts_are_equal_whatever_the_trailing_zeros()
    {
        Assert.Equal(new Quantity(1.0m, "kg"), new Quantity(1.00m, "kg"));
        Assert.NotEqual(new Quantity(1m, "kg"), new Quantity(1m, "t"));
    }

    [Fact]
    public void Violation_prints_its_message()
    {
        var v = new Violation("gi.outside-area", "farm X lies outside the protected area");
        Assert.Equal("farm X lies outside the protected area", v.ToString());
        Assert.Equal(v, new Violation("gi.outside-area", "farm X lies outside the protected area"));
    }

    [Fact]
    public void Ok_outcome_carries_the_value_and_no_violations()
    {
        var o = Outcome<string>.Ok("H-1");
        Assert.True(o.IsOk);
        Assert.Equal(OutcomeStatus.Ok, o.Status);
        Assert.Equal("H-1", o.Value);
        Assert.Empty(o.Violations);
    }

    [Fact]
    public void Failed_outcomes_carry_their_status_and_violation()
    {
        var notFound = Outcome<string>.NotFound("batch.unknown", "batch H-9 is not registered");
        var conflict = Outcome<string>.Conflict("batch.exists", "batch H-1 already exists");
        var rejected = Outcome<string>.Rejected("input.id", "bad id");
        Assert.Equal((OutcomeStatus.NotFound, "batch.unknown"), (notFound.Status, Assert.Single(notFound.Violations).Rule));
        Assert.Equal((OutcomeStatus.Conflict, "batch.exists"), (conflict.Status, Assert.Single(conflict.Violations).Rule));
        Assert.Equal((OutcomeStatus.Rejected, "input.id"), (rejected.Status, Assert.Single(rejected.Violations).Rule));
        Assert.All(new[] { notFound, conflict, rejected }, o => { Assert.False(o.IsOk); Assert.Null(o.Value); });
    }

    [Fact]
    public void Rejected_outcome_keeps_every_violation()
    {
        var o = Outcome<int>.Rejected([new("a", "A"), new("b", "B")]);
        Assert.Equal(["a", "b"], o.Violations.Select(v => v.Rule));
        Assert.Equal(0, o.Value);
    }

    [Fact]
    public void Outcome_converts_to_another_type_keeping_status_and_violations()
    {
        var o = Outcome<string>.Conflict("batch.exists", "exists").As<int>();
        Assert.Equal(OutcomeStatus.Conflict, o.Status);
        Assert.Equal("batch.exists", Assert.Single(o.Violations).Rule);
        Assert.Equal(0, o.Value);
        Assert.Equal(OutcomeStatus.Ok, Outcome<string>.Ok("x").As<int>().Status);
    }

    [Fact]
    public void System_actor_is_the_system_organisation()
    {
        Assert.Equal("system", Actor.System.Organisation);
    }

    [Fact]
    public void Status_enums_keep_their_stored_numbers()
    {
        // Stored state and the wire format carry these numbers; renumbering breaks existing records.
        Assert.Equal((0, 1, 2, 3),
            ((int)BatchStatus.Active, (int)BatchStatus.InTransit, (int)BatchStatus.Consumed, (int)BatchStatus.Recalled));
        Assert.Equal((0, 1, 2, 3),
            ((int)OriginKind.Harvest, (int)OriginKind.Split, (int)OriginKind.Merge, (int)OriginKind.Transformation));
        Assert.Equal((0, 1, 2), ((int)CertificateStatus.Active, (int)CertificateStatus.Suspended, (int)CertificateStatus.Revoked));
        Assert.Equal((0, 1, 2), ((int)Verdict.Verified, (int)Verdict.NotVerified, (int)Verdict.Recalled));
        Assert.Equal((0, 1, 2, 3),
            ((int)OutcomeStatus.Ok, (int)OutcomeStatus.NotFound, (int)OutcomeStatus.Conflict, (int)OutcomeStatus.Rejected));
    }
}
