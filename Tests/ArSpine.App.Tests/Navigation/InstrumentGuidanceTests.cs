using System.Numerics;
using ArSpine.App.Navigation;

namespace ArSpine.App.Tests.Navigation;

public sealed class InstrumentGuidanceTests
{
    private static readonly Vector3 Entry = new(10, 20, 30);
    private static readonly Vector3 Target = new(10, 20, 70);

    [Fact]
    public void Read_TipOnTheEntryAlongThePlan_ReadsZeroOffsetZeroAngleFullDepthGreen()
    {
        GuidanceReading r = InstrumentGuidance.Read(Entry, Vector3.UnitZ * 3, Entry, Target);

        Assert.Equal(0, r.TipToEntryMm, 6);
        Assert.Equal(0, r.LateralOffsetMm, 6);
        Assert.Equal(0, r.AngleDeg, 3);
        Assert.Equal(40, r.DepthToTargetMm, 6);
        Assert.Equal(0, r.DepthPastEntryMm, 6);
        Assert.Equal(GuidanceBand.Green, r.Band);
    }

    [Fact]
    public void Read_TipShiftedSidewaysAndAdvanced_ReadsLateralDistanceFromTheLineAndRemainingDepth()
    {
        // 3 mm in x and 4 mm in y off the line (5 mm), 15 mm past the entry along it.
        var tip = new Vector3(13, 24, 45);

        GuidanceReading r = InstrumentGuidance.Read(tip, Vector3.UnitZ, Entry, Target);

        Assert.Equal(5, r.LateralOffsetMm, 5);
        Assert.Equal(Math.Sqrt(5 * 5 + 15 * 15), r.TipToEntryMm, 5);
        Assert.Equal(25, r.DepthToTargetMm, 5);
        Assert.Equal(15, r.DepthPastEntryMm, 5);
        Assert.Equal(GuidanceBand.Red, r.Band);
    }

    [Fact]
    public void Read_AxisTiltedByThreeDegrees_ReadsTheAngleAndAmber()
    {
        double a = 3 * Math.PI / 180;
        var axis = new Vector3((float)Math.Sin(a), 0, (float)Math.Cos(a));

        GuidanceReading r = InstrumentGuidance.Read(Entry + new Vector3(0, 1, 10), axis, Entry, Target);

        Assert.Equal(3, r.AngleDeg, 3);
        Assert.Equal(1, r.LateralOffsetMm, 5);
        Assert.Equal(GuidanceBand.Amber, r.Band);
    }

    [Fact]
    public void Read_PastTheTarget_DepthIsNegative()
    {
        GuidanceReading r = InstrumentGuidance.Read(Target + new Vector3(0, 0, 2), Vector3.UnitZ, Entry, Target);

        Assert.Equal(-2, r.DepthToTargetMm, 5);
    }

    [Fact]
    public void Read_AxisPointingBackward_Reads180Degrees()
    {
        GuidanceReading r = InstrumentGuidance.Read(Entry, -Vector3.UnitZ, Entry, Target);

        Assert.Equal(180, r.AngleDeg, 3);
        Assert.Equal(GuidanceBand.Red, r.Band);
    }

    [Theory]
    [InlineData(2.0, 2.0, GuidanceBand.Green)]
    [InlineData(2.01, 0, GuidanceBand.Amber)]
    [InlineData(0, 2.01, GuidanceBand.Amber)]
    [InlineData(4.0, 5.0, GuidanceBand.Amber)]
    [InlineData(4.01, 0, GuidanceBand.Red)]
    [InlineData(0, 5.01, GuidanceBand.Red)]
    [InlineData(double.NaN, 0, GuidanceBand.Red)]
    public void BandOf_AtTheDocumentedLimits_IsInclusive(double offsetMm, double angleDeg, GuidanceBand expected) =>
        Assert.Equal(expected, InstrumentGuidance.BandOf(offsetMm, angleDeg));

    [Fact]
    public void Read_ZeroAxis_Throws() =>
        Assert.Throws<ArgumentException>(() => InstrumentGuidance.Read(Entry, Vector3.Zero, Entry, Target));

    [Fact]
    public void TextBuffer_FormatsNumbersInvariantAndDashesForNaN()
    {
        var buffer = new TextBuffer();

        Assert.Equal("Offset 1.3 mm", buffer.Clear().Append("Offset ").Append(1.26, 1).Append(" mm").Span.ToString());
        Assert.Equal("-- mm", buffer.Clear().Append(double.NaN, 1).Append(" mm").Span.ToString());
        Assert.Equal("-2.50", buffer.Clear().Append(-2.5, 2).Span.ToString());
    }
}
