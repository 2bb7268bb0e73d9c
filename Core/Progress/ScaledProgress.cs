namespace ArSpine.Core.Progress;

/// <summary>Reports a step's progress (0 to 1) as the range [start, start + width] of the whole job's progress.</summary>
public sealed class ScaledProgress(IProgress<double> whole, double start, double width) : IProgress<double>
{
    /// <inheritdoc/>
    public void Report(double value) => whole.Report(start + width * value);
}
