using ArSpine.Core.Geometry;

namespace ArSpine.Core.Tests.Geometry;

public class PatientAxesTests
{
    [Fact]
    public void LpsToRas_PointOnPatientsLeftPosteriorSuperior_FlipsXAndYOnly()
    {
        // 30 mm to the patient's left, 20 mm posterior, 10 mm superior, in LPS.
        var leftPosteriorSuperiorLps = new Vector3d(30, 20, 10);

        Vector3d ras = PatientAxes.LpsToRas(leftPosteriorSuperiorLps);

        // RAS: +X is the patient's right, so the left is negative; +Y anterior, so posterior is negative.
        Assert.Equal(new Vector3d(-30, -20, 10), ras);
        Assert.Equal(leftPosteriorSuperiorLps, PatientAxes.RasToLps(ras));
    }

    [Fact]
    public void ToRas_AsymmetricCtFromVoxel_MapsEveryVoxelToTheSamePhysicalPoint()
    {
        // An oblique, anisotropic grid: a rotation about z of 20° with spacing 0.7 x 0.9 x 2.5 mm.
        Matrix3d rotation = Matrix3d.FromAxisAngle(Vector3d.UnitZ, 20 * Math.PI / 180);
        var ctFromVoxel = new AffineTransform(rotation * Matrix3d.Diagonal(0.7, 0.9, 2.5), new Vector3d(-100, 50, 25));

        AffineTransform rasFromVoxel = PatientAxes.ToRas(ctFromVoxel);
        AffineTransform backToLps = PatientAxes.ToLps(rasFromVoxel);

        var voxel = new Vector3d(3, 7, 11);
        Vector3d lps = ctFromVoxel.Apply(voxel);
        Assert.Equal(PatientAxes.LpsToRas(lps).X, rasFromVoxel.Apply(voxel).X, 9);
        Assert.Equal(PatientAxes.LpsToRas(lps).Y, rasFromVoxel.Apply(voxel).Y, 9);
        Assert.Equal(lps.Z, rasFromVoxel.Apply(voxel).Z, 9);
        RigidTransformTests.AssertClose(lps, backToLps.Apply(voxel));
        // Negating two axes keeps the handedness of the grid.
        Assert.Equal(ctFromVoxel.Linear.Determinant, rasFromVoxel.Linear.Determinant, 9);
    }
}
