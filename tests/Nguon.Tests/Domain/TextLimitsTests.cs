using Nguon.Domain;
using Nguon.Model;
using PrintedLabels = Nguon.Client.Labels;

namespace Nguon.Tests.Domain;

/// <summary>The caps on free text (<see cref="TextLimits"/>) and on a printed label's lines, as pure rules.</summary>
public sealed class TextLimitsTests
{
    private static readonly DateTimeOffset T = new(2026, 6, 10, 8, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void A_body_within_every_cap_has_no_violation()
    {
        var body = new RecordEvent("storing", T, ReadPoint: new string('r', TextLimits.Short),
            Sensors: [new SensorReading("Temperature", 4.5m, "CEL")]);
        Assert.Empty(TextLimits.Check(body));
        Assert.Empty(TextLimits.Check(new RecallBatch(new string('x', TextLimits.Long))));
    }

    [Fact]
    public void Each_field_over_its_cap_is_named_by_its_json_path()
    {
        var certificate = new RegisterCertificate(new LocalizedText("Vải", new string('e', 201)), "lychee", ["thiều"], "DOST",
            "{}", T, new Specification(1000m, ["Brix ≥ 18", new string('q', 501)]),
            ForeignRegistrations: [new ForeignRegistration("JP", new string('n', 201))]);
        var violations = TextLimits.Check(certificate);
        Assert.All(violations, v => Assert.Equal(TextLimits.TooLong, v.Rule));
        Assert.Equal(["name.en has 201 characters; it may have at most 200",
            "specification.qualityCriteria[1] has 501 characters; it may have at most 500",
            "foreignRegistrations[0].number has 201 characters; it may have at most 200"], violations.Select(v => v.Message));
    }

    [Fact]
    public void Geometry_is_not_free_text_and_a_list_over_its_count_is_refused_once()
    {
        var farm = new RegisterFarm("Vườn", "htx", new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"), new string(' ', 100_000), 1m,
            [.. Enumerable.Range(0, 25).Select(i => $"crop {i}")]);
        Assert.Equal([(TextLimits.TooMany, "crops has more than 20 items")], TextLimits.Check(farm).Select(v => (v.Rule, v.Message)));
    }

    [Fact]
    public void Nested_records_and_lists_of_records_are_checked()
    {
        var split = new SplitBatch(T, [new SplitPart("S-1", new Quantity(1m, "kg")), new SplitPart("S-2", new Quantity(1m, new string('u', 300)))]);
        Assert.Equal(["parts[1].quantity.unit has 300 characters; it may have at most 200"], TextLimits.Check(split).Select(v => v.Message));
    }

    [Theory]
    [InlineData("Vải thiều Lục Ngạn", "Vải thiều Lục Ngạn")]
    [InlineData("0123456789012345678901234567890123456789", "0123456789012345678901234567890123456789")]
    [InlineData("01234567890123456789012345678901234567890", "0123456789012345678901234567890123456...")]
    [InlineData("Vải thiều Lục Ngạn, loại một, đóng hộp xuất khẩu Nhật Bản", "Vải thiều Lục Ngạn, loại một, đóng hộ...")]
    public void A_label_line_is_cut_to_40_characters_with_an_ellipsis(string line, string printed)
    {
        Assert.Equal(printed, PrintedLabels.Fit(line));
        Assert.True(PrintedLabels.Fit(line).Length <= PrintedLabels.MaxLineLength);
    }

    [Fact]
    public void A_label_line_is_never_cut_inside_a_surrogate_pair()
    {
        var line = new string('a', 36) + "😀😀😀";
        Assert.Equal(new string('a', 36) + "...", PrintedLabels.Fit(line));
    }

    [Fact]
    public void A_digital_link_longer_than_the_label_bound_is_refused_rather_than_drawn()
    {
        var label = new Nguon.Client.LabelContent("https://id.example/" + new string('x', 400), "08935000100011", "L1", "lychee", null, null);
        Assert.Throws<ArgumentException>(() => PrintedLabels.LabelPng(label));
    }
}
