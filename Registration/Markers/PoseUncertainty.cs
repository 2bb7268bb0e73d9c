using ArSpine.Core.Geometry;
using ArSpine.Registration.Numerics;

namespace ArSpine.Registration.Markers;

/// <summary>
/// The first-order uncertainty of a target pose solved from image points: (JᵀJ)⁻¹ of the reprojection residuals at the
/// solution, for a small rigid motion of the solved pose in the Camera frame, x' = x + ω × x + δt (ω in radians about
/// the camera's centre, δt in mm), with J the derivative of the pinhole projection in pixels (distortion's own
/// derivative left out). Scaled by the corner noise σ² (px²) it is the covariance of the six motion parameters; the
/// error it predicts at a point is how far that motion moves it. Immutable; evaluating it allocates nothing.
/// </summary>
public sealed class PoseUncertainty
{
    /// <summary>The two-sided 95% quantile of a normal distribution, the factor of <see cref="TargetError95Mm"/>.</summary>
    public const double Z95 = 1.959964;

    // (JᵀJ)⁻¹, row-major 6x6, parameters (ωx, ωy, ωz, tx, ty, tz); px⁻² units folded in.
    private readonly double[] inverseNormal;

    private PoseUncertainty(double[] inverseNormal, double residualSigmaPx, int points)
    {
        this.inverseNormal = inverseNormal;
        ResidualSigmaPx = residualSigmaPx;
        Points = points;
        var rotation = new Matrix3d(
            inverseNormal[0], inverseNormal[1], inverseNormal[2],
            inverseNormal[6], inverseNormal[7], inverseNormal[8],
            inverseNormal[12], inverseNormal[13], inverseNormal[14]);
        UnitRotationSigmaRad = Math.Sqrt(Math.Max(Core.Geometry.SymmetricEigen.Decompose(rotation).Values.X, 0));
    }

    /// <summary>
    /// The corner noise estimated from the fit's own residuals, px: √(Σ r² / (2N − 6)) over N points; the noise every
    /// figure of this class is scaled by unless a floor raises it (<see cref="SigmaPx"/>).
    /// </summary>
    public double ResidualSigmaPx { get; }

    /// <summary>Image points the pose was solved from.</summary>
    public int Points { get; }

    // The largest rotation standard deviation per pixel of corner noise, radians.
    private double UnitRotationSigmaRad { get; }

    /// <summary>The corner noise used: the residual estimate, not below <paramref name="floorPx"/> (a detector's systematic error the residuals of one frame cannot show), px.</summary>
    public double SigmaPx(double floorPx) => Math.Max(ResidualSigmaPx, floorPx);

    /// <summary>The rotation's standard deviation about its worst-determined axis, degrees, for corner noise σ = max(residual, <paramref name="floorPx"/>).</summary>
    public double RotationSigmaDeg(double floorPx = 0) => UnitRotationSigmaRad * SigmaPx(floorPx) * 180 / Math.PI;

    /// <summary>
    /// The RMS error predicted at a point of the target, <paramref name="pointCameraMm"/> in the Camera frame (mm), for
    /// corner noise σ = max(residual, <paramref name="floorPx"/>): √trace of the point's 3x3 covariance, mm.
    /// </summary>
    public double TargetRmsMm(Vector3d pointCameraMm, double floorPx = 0)
    {
        // δx = A δ with A = [−[x]× | I]; trace(A C Aᵀ) summed row by row.
        double x = pointCameraMm.X, y = pointCameraMm.Y, z = pointCameraMm.Z;
        double trace = 0;
        for (int axis = 0; axis < 3; axis++)
        {
            // Row of −[x]× for this output axis: ω × x = (ωy z − ωz y, ωz x − ωx z, ωx y − ωy x).
            double a0 = axis == 0 ? 0 : axis == 1 ? -z : y;
            double a1 = axis == 0 ? z : axis == 1 ? 0 : -x;
            double a2 = axis == 0 ? -y : axis == 1 ? x : 0;
            double a3 = axis == 0 ? 1 : 0, a4 = axis == 1 ? 1 : 0, a5 = axis == 2 ? 1 : 0;
            trace += Quadratic(a0, a1, a2, a3, a4, a5);
        }

        double sigma = SigmaPx(floorPx);
        return Math.Sqrt(Math.Max(trace, 0)) * sigma;
    }

    /// <summary>
    /// A conservative 95% bound on the error at <paramref name="pointCameraMm"/> (Camera frame, mm): 1.96 times
    /// <see cref="TargetRmsMm"/>. Exact when one direction dominates (a tilt), above the true 95% radius otherwise. mm.
    /// </summary>
    public double TargetError95Mm(Vector3d pointCameraMm, double floorPx = 0) => Z95 * TargetRmsMm(pointCameraMm, floorPx);

    /// <summary>
    /// The predicted pose error of a planar target, with J the 2N x 6 Jacobian at <paramref name="cameraFromTarget"/> of the
    /// pinhole projection (<paramref name="fxPx"/>, <paramref name="fyPx"/>) of <paramref name="pointsTargetMm"/>, and
    /// the residual σ from the fit's RMS reprojection error <paramref name="rmsErrorPx"/>. Null when fewer than four
    /// points or the normal matrix is singular (the pose is not determined).
    /// </summary>
    public static PoseUncertainty? Of(RigidTransform cameraFromTarget, IReadOnlyList<Vector3d> pointsTargetMm, double fxPx, double fyPx, double rmsErrorPx)
    {
        int n = pointsTargetMm.Count;
        if (n < 4 || !double.IsFinite(rmsErrorPx))
        {
            return null;
        }

        var jtj = new double[6, 6];
        Span<double> row = stackalloc double[6];
        for (int i = 0; i < n; i++)
        {
            Vector3d p = cameraFromTarget.Apply(pointsTargetMm[i]);
            if (!(p.Z > 1e-3))
            {
                return null;
            }

            double iz = 1 / p.Z;
            for (int axis = 0; axis < 2; axis++)
            {
                double f = axis == 0 ? fxPx : fyPx;
                // Gradient of the pixel coordinate with respect to the camera-frame point.
                double gx = axis == 0 ? f * iz : 0, gy = axis == 0 ? 0 : f * iz, gz = -f * (axis == 0 ? p.X : p.Y) * iz * iz;
                // d(ω × p)/dω = −[p]×.
                row[0] = gy * -p.Z + gz * p.Y;
                row[1] = gx * p.Z + gz * -p.X;
                row[2] = gx * -p.Y + gy * p.X;
                row[3] = gx;
                row[4] = gy;
                row[5] = gz;
                for (int a = 0; a < 6; a++)
                {
                    for (int b = 0; b < 6; b++)
                    {
                        jtj[a, b] += row[a] * row[b];
                    }
                }
            }
        }

        // Equilibrate (radians against millimetres differ by about 10^5 in scale) so that only a truly undetermined pose is singular:
        // inv(JᵀJ) = S inv(S JᵀJ S) S with S the inverse square roots of the diagonal.
        Span<double> scale = stackalloc double[6];
        for (int a = 0; a < 6; a++)
        {
            if (!(jtj[a, a] > 0))
            {
                return null;
            }

            scale[a] = 1 / Math.Sqrt(jtj[a, a]);
        }

        var inverse = new double[36];
        var rhs = new double[6];
        var column = new double[6];
        var copy = new double[6, 6];
        for (int c = 0; c < 6; c++)
        {
            for (int r = 0; r < 6; r++)
            {
                for (int k = 0; k < 6; k++)
                {
                    copy[r, k] = scale[r] * jtj[r, k] * scale[k];
                }
            }

            Array.Clear(rhs);
            rhs[c] = 1;
            if (!LinearSystem.TrySolve(copy, rhs, column))
            {
                return null;
            }

            for (int r = 0; r < 6; r++)
            {
                inverse[r * 6 + c] = scale[r] * column[r] * scale[c];
            }
        }

        // Symmetrise away the solver's rounding.
        for (int r = 0; r < 6; r++)
        {
            for (int c = r + 1; c < 6; c++)
            {
                double mean = (inverse[r * 6 + c] + inverse[c * 6 + r]) / 2;
                inverse[r * 6 + c] = inverse[c * 6 + r] = mean;
            }
        }

        int dof = 2 * n - 6;
        double sigma = dof > 0 ? rmsErrorPx * Math.Sqrt(n / (double)dof) : rmsErrorPx;
        return new PoseUncertainty(inverse, sigma, n);
    }

    private double Quadratic(double a0, double a1, double a2, double a3, double a4, double a5)
    {
        double sum = 0;
        for (int r = 0; r < 6; r++)
        {
            double ar = r switch { 0 => a0, 1 => a1, 2 => a2, 3 => a3, 4 => a4, _ => a5 };
            if (ar == 0)
            {
                continue;
            }

            double inner = a0 * inverseNormal[r * 6] + a1 * inverseNormal[r * 6 + 1] + a2 * inverseNormal[r * 6 + 2]
                + a3 * inverseNormal[r * 6 + 3] + a4 * inverseNormal[r * 6 + 4] + a5 * inverseNormal[r * 6 + 5];
            sum += ar * inner;
        }

        return sum;
    }
}
