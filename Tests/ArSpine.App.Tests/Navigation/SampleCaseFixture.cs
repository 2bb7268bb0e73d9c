using ArSpine.App.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;

namespace ArSpine.App.Tests.Navigation;

/// <summary>The sample phantom as an in-memory case package, made once for the tests that share it (about a second).</summary>
public sealed class SampleCaseFixture
{
    public SampleCaseFixture()
    {
        Package = PhantomPackage.Create(LumbarSpinePhantom.Generate(SampleCase.Parameters), Path.Combine(Path.GetTempPath(), "arspine-sample-case"));
    }

    public CasePackage Package { get; }

    /// <summary>A known registration: the CT 30° about the marker's x axis, 120 mm below and 40 mm along it.</summary>
    public static RigidTransform MarkerFromCt { get; } = RigidTransform.FromAxisAngle(new Vector3d(1, 0.2, 0), 30, new Vector3d(10, 40, -120));

    /// <summary>A camera standing 1 m up, looking down-ish.</summary>
    public static RigidTransform WorldFromCamera { get; } = RigidTransform.FromAxisAngle(new Vector3d(1, 0, 0), 150, new Vector3d(0, 1000, 200));

    /// <summary>The marker half a metre in front of the camera, tilted.</summary>
    public static RigidTransform CameraFromMarker { get; } = RigidTransform.FromAxisAngle(new Vector3d(0, 1, 0.3), 20, new Vector3d(15, -10, 500));
}

[CollectionDefinition(Name)]
public sealed class SampleCaseCollection : ICollectionFixture<SampleCaseFixture>
{
    public const string Name = "Sample case";
}
