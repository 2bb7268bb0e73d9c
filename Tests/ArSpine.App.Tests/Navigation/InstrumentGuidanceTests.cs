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

    public static TheoryData<Vector3> UnreadableAxes => new() { Vector3.Zero, new Vector3(float.NaN, float.NaN, float.NaN), new Vector3(0, float.NaN, 1), new Vector3(float.PositiveInfinity, 0, 0) };

    [Theory]
    [MemberData(nameof(UnreadableAxes))]
    public void Read_ZeroOrNaNAxis_IsNoGuidanceInsteadOfThrowing(Vector3 axis)
    {
        GuidanceReading r = InstrumentGuidance.Read(Entry, axis, Entry, Target);

        Assert.False(r.Valid);
        Assert.True(double.IsNaN(r.LateralOffsetMm) && double.IsNaN(r.AngleDeg) && double.IsNaN(r.DepthToTargetMm));
        Assert.Equal(GuidanceBand.Red, r.Band);
        Assert.False(InstrumentGuidance.TryRead(Entry, axis, Entry, Target, out _));
    }

    [Fact]
    public void Read_NaNTipOrEntryAtTarget_IsNoGuidance()
    {
        Assert.False(InstrumentGuidance.Read(new Vector3(float.NaN, 0, 0), Vector3.UnitZ, Entry, Target).Valid);
        Assert.False(InstrumentGuidance.Read(Entry, Vector3.UnitZ, Target, Target).Valid);
        Assert.True(InstrumentGuidance.TryRead(Entry, Vector3.UnitZ, Entry, Target, out GuidanceReading valid));
        Assert.True(valid.Valid);
    }

    [Fact]
    public void TextBuffer_FormatsNumbersInvariantAndDashesForNaN()
    {
        var buffer = new TextBuffer();

        Assert.Equal("Offset 1.3 mm", buffer.Clear().Append("Offset ").Append(1.26, 1).Append(" mm").Span.ToString());
        Assert.Equal("-- mm", buffer.Clear().Append(double.NaN, 1).Append(" mm").Span.ToString());
        Assert.Equal("-2.50", buffer.Clear().Append(-2.5, 2).Span.ToString());
    }
}
