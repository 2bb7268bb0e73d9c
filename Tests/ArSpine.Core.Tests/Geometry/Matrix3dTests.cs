using System.Numerics;
using ArSpine.Core.Geometry;

namespace ArSpine.Core.Tests.Geometry;

public sealed class Matrix3dTests
{
    [Theory]
    [InlineData(1, 2, 3, 0.7)]
    [InlineData(1, 0, 0, 3.1)] // near a half turn: Shepperd's x branch
    [InlineData(0, 1, 0.01, 3.14)]
    [InlineData(0.01, 0, 1, 3.14)]
    public void QuaternionComponents_RoundTrip_ThroughFromQuaternion(double ax, double ay, double az, double angleRad)
    {
        Matrix3d r = Matrix3d.FromAxisAngle(new Vector3d(ax, ay, az), angleRad);

        (double w, double x, double y, double z) = r.ToQuaternionComponents();
        Matrix3d back = Matrix3d.FromQuaternion(w, x, y, z);

        Assert.True(w >= 0);
        Assert.Equal(1, Math.Sqrt(w * w + x * x + y * y + z * z), 12);
        Assert.True((back.Transpose() * r).RotationAngleDeg() < 1e-9);
        Assert.Equal(back, Matrix3d.FromQuaternion(-w, -x, -y, -z));
    }

    [Fact]
    public void FromQuaternion_FloatForm_MatchesTheDoubleForm()
    {
        var q = Quaternion.Normalize(new Quaternion(0.1f, -0.4f, 0.3f, 0.8f));

        Assert.Equal(Matrix3d.FromQuaternion(q.W, q.X, q.Y, q.Z), Matrix3d.FromQuaternion(q));
        Assert.Throws<ArgumentException>(() => Matrix3d.FromQuaternion(0, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => Matrix3d.FromQuaternion(double.NaN, 0, 0, 1));
    }

    [Fact]
    public void Orthonormalized_PerturbedRotation_IsARotationNearIt()
    {
        Matrix3d r = Matrix3d.FromAxisAngle(new Vector3d(1, -1, 2), 1.2);
        var perturbed = new Matrix3d(r.M11 + 1e-5, r.M12, r.M13 - 2e-5, r.M21, r.M22 + 3e-5, r.M23, r.M31 - 1e-5, r.M32, r.M33);

        Matrix3d fixedUp = perturbed.Orthonormalized();

        Assert.True(fixedUp.IsRotation(1e-12));
        Assert.True((fixedUp.Transpose() * r).RotationAngleDeg() < 0.01);
        Assert.Equal(perturbed.Column(1).Normalized(), fixedUp.Column(1));
        Assert.Equal(r, r.Orthonormalized(), new Matrix3dComparer(1e-12)); // a rotation stays itself
    }

    private sealed class Matrix3dComparer(double tolerance) : IEqualityComparer<Matrix3d>
    {
        public bool Equals(Matrix3d a, Matrix3d b) =>
            new[] { a.M11 - b.M11, a.M12 - b.M12, a.M13 - b.M13, a.M21 - b.M21, a.M22 - b.M22, a.M23 - b.M23, a.M31 - b.M31, a.M32 - b.M32, a.M33 - b.M33 }.All(d => Math.Abs(d) <= tolerance);

        public int GetHashCode(Matrix3d m) => 0;
    }
}
