using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Nifti;

/// <summary>What nibabel (Debian python3-nibabel) reads from a NIfTI file: the affine it uses, header fields and every value (scaled, as float64).</summary>
internal sealed record NibabelView(
    AffineTransform RasFromVoxel,
    AffineTransform QformRasFromVoxel,
    int[] Shape,
    string[] AxisCodes,
    int SformCode,
    int QformCode,
    double[] PixDim,
    int XyztUnits,
    double VoxOffset,
    double SclSlope,
    double SclInter,
    string DataType,
    double[] Values)
{
    private const string Script = """
        import sys, json, numpy as np, nibabel as nib
        img = nib.load(sys.argv[1]); h = img.header
        f = lambda v: float(v) if np.isfinite(v) else None
        np.asarray(img.get_fdata(), dtype='<f8').ravel(order='F').tofile(sys.argv[2])
        q = h.get_qform() if int(h['qform_code']) > 0 else np.eye(4)
        print(json.dumps({
            'affine': img.affine.tolist(), 'qform': q.tolist(), 'shape': list(img.shape),
            'axcodes': list(nib.aff2axcodes(img.affine)),
            'sform_code': int(h['sform_code']), 'qform_code': int(h['qform_code']),
            'pixdim': [float(v) for v in h['pixdim']], 'xyzt_units': int(h['xyzt_units']),
            'vox_offset': float(img.dataobj.offset), 'scl_slope': f(h['scl_slope']), 'scl_inter': f(h['scl_inter']),
            'dtype': str(h.get_data_dtype())}))
        """;

    /// <summary>Runs nibabel on a file.</summary>
    public static NibabelView Read(string path)
    {
        string valuesPath = path + ".values.f8";
        try
        {
            string json = ExternalTool.RunPython(Script, path, valuesPath);
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            byte[] raw = File.ReadAllBytes(valuesPath);
            var values = new double[raw.Length / 8];
            Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
            return new NibabelView(
                Affine(root.GetProperty("affine")),
                Affine(root.GetProperty("qform")),
                root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                root.GetProperty("axcodes").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                root.GetProperty("sform_code").GetInt32(),
                root.GetProperty("qform_code").GetInt32(),
                root.GetProperty("pixdim").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
                root.GetProperty("xyzt_units").GetInt32(),
                root.GetProperty("vox_offset").GetDouble(),
                Number(root.GetProperty("scl_slope")),
                Number(root.GetProperty("scl_inter")),
                root.GetProperty("dtype").GetString()!,
                values);
        }
        finally
        {
            File.Delete(valuesPath);
        }
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;

    private static AffineTransform Affine(JsonElement rows)
    {
        double[][] m = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(Number).ToArray()).ToArray();
        return new AffineTransform(
            new Matrix3d(m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]),
            new Vector3d(m[0][3], m[1][3], m[2][3]));
    }
}
