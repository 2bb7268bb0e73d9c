using ArSpine.Core.Volumes;

namespace ArSpine.Inference.Tests.Classical;

/// <summary>Overlap of two label volumes on one grid.</summary>
internal static class Dice
{
    /// <summary>2|A∩B| / (|A| + |B|) for label <paramref name="found"/> in <paramref name="a"/> and label <paramref name="expected"/> in <paramref name="b"/>; 0 when both are empty.</summary>
    public static double Of(LabelVolume a, int found, LabelVolume b, int expected)
    {
        long both = 0, inA = 0, inB = 0;
        for (int n = 0; n < a.Labels.Length; n++)
        {
            bool x = a.Labels[n] == found, y = b.Labels[n] == expected;
            inA += x ? 1 : 0;
            inB += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }

        return inA + inB == 0 ? 0 : 2.0 * both / (inA + inB);
    }
}
