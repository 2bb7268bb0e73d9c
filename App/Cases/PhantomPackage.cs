using ArSpine.Core.Cases;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Imaging.Meshing;

namespace ArSpine.App.Cases;

/// <summary>
/// A case package made in memory straight from a phantom's ground truth: its label meshes, the ideal screws of its truth, its skin,
/// CT and labels, the default marker and spinous-process fiducials. For tests and rehearsal of the pipeline downstream of
/// planning; <c>prepare</c> makes a package the real way, from the DICOM series.
/// </summary>
public static class PhantomPackage
{
    /// <summary>Builds the package (meshing costs about a second for five levels). <paramref name="folder"/> is where it would live.</summary>
    public static CasePackage Create(PhantomCase phantom, string folder, double screwDiameterMm = SampleCase.ScrewDiameterMm)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        var vertebrae = new List<CaseVertebra>();
        var meshes = new List<TriangleMesh>();
        foreach (VertebraTruth v in phantom.Truth.Vertebrae)
        {
            vertebrae.Add(new CaseVertebra(v.Name, v.LabelId, $"{v.Name}.glb"));
            meshes.Add(LabelSurface.Extract(phantom.Labels, v.LabelId));
        }

        SurgicalPlan plan = phantom.Truth.ToPlan(screwDiameterMm);
        var index = new SurgicalCase("Phantom", vertebrae, plan, "ct.nii.gz", "labels.nii.gz", "skin.glb", CaseFiducials.DefaultMarker, CaseFiducials.SpinousProcessTips(vertebrae, meshes));
        index.Validate(Path.Combine(folder, SurgicalCase.FileName));
        return new CasePackage(folder, index, meshes, SkinSurface.Extract(phantom.Ct), phantom.Ct, phantom.Labels);
    }
}
