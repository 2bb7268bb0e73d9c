using System.Globalization;
using System.Text.Json;
using ArSpine.TestSupport;

namespace ArSpine.Inference.Tests.Onnx;

/// <summary>Small ONNX models with known weights, written by the onnx Python package (Debian's python3-onnx), and their sidecars.</summary>
internal static class TestModels
{
    // argv: path, kind, patch k j i, channels. Kinds:
    //   pointwise: 1x1x1 Conv, weights [0, 1, -1], biases [0, -0.5, -0.5]: logits 0, x - 0.5, -x - 0.5.
    //   mean3: 3x3x3 Conv (pads 1), channel 0 constant 0, channel 1 the 27-voxel mean minus 0.5.
    //   softmax: pointwise followed by Softmax over the channel axis: probabilities.
    //   rank4: pointwise on a [1, 1, J, I] input (a wrong signature for a volume model).
    private const string Writer = """
        import sys, numpy as np, onnx
        from onnx import helper, numpy_helper, TensorProto
        path, kind = sys.argv[1], sys.argv[2]
        k, j, i, channels = (int(v) for v in sys.argv[3:7])
        nodes, inits = [], []
        if kind in ('pointwise', 'softmax', 'rank4'):
            w = np.array([0.0, 1.0, -1.0], dtype=np.float32)[:channels]
            b = np.array([0.0, -0.5, -0.5], dtype=np.float32)[:channels]
            shape = [channels, 1, 1, 1] if kind == 'rank4' else [channels, 1, 1, 1, 1]
            inits += [numpy_helper.from_array(w.reshape(shape), 'w'), numpy_helper.from_array(b, 'b')]
            nodes.append(helper.make_node('Conv', ['x', 'w', 'b'], ['logits' if kind == 'softmax' else 'y']))
            if kind == 'softmax':
                nodes.append(helper.make_node('Softmax', ['logits'], ['y'], axis=1))
        elif kind == 'mean3':
            w = np.zeros((2, 1, 3, 3, 3), dtype=np.float32); w[1] = 1.0 / 27
            inits += [numpy_helper.from_array(w, 'w'), numpy_helper.from_array(np.array([0.0, -0.5], dtype=np.float32), 'b')]
            nodes.append(helper.make_node('Conv', ['x', 'w', 'b'], ['y'], pads=[1, 1, 1, 1, 1, 1]))
        in_shape = [1, 1, j, i] if kind == 'rank4' else [1, 1, k, j, i]
        out_shape = [1, channels, j, i] if kind == 'rank4' else [1, channels, k, j, i]
        graph = helper.make_graph(nodes, kind, [helper.make_tensor_value_info('x', TensorProto.FLOAT, in_shape)],
                                  [helper.make_tensor_value_info('y', TensorProto.FLOAT, out_shape)], inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
        model.ir_version = 7
        onnx.checker.check_model(model)
        onnx.save(model, path)
        """;

    /// <summary>Writes a model of <paramref name="kind"/> for patches of (i, j, k) voxels with <paramref name="channels"/> output channels.</summary>
    public static string Write(string folder, string kind, (int I, int J, int K) patch, int channels = 3)
    {
        string path = Path.Combine(folder, kind + ".onnx");
        ExternalTool.RunPython(Writer, path, kind, Text(patch.K), Text(patch.J), Text(patch.I), Text(channels));
        return path;
    }

    /// <summary>Writes the sidecar beside <paramref name="modelPath"/> with the given fields; labels are (channel, id, name).</summary>
    public static void WriteSidecar(string modelPath, double spacingMm, (int I, int J, int K) patch, string output, (int Channel, int Id, string Name)[] labels, double overlap = 0.5, bool mirroring = false)
    {
        var document = new Dictionary<string, object>
        {
            ["format"] = "arspine.segmentation-model",
            ["version"] = 1,
            ["spacingMm"] = new[] { spacingMm, spacingMm, spacingMm },
            ["patchSize"] = new[] { patch.I, patch.J, patch.K },
            ["normalization"] = new Dictionary<string, double> { ["clipMinHu"] = -1000, ["clipMaxHu"] = 2000, ["mean"] = 0, ["std"] = 1000 },
            ["output"] = output,
            ["labels"] = labels.Select(l => new Dictionary<string, object> { ["channel"] = l.Channel, ["id"] = l.Id, ["name"] = l.Name }).ToArray(),
            ["overlap"] = overlap,
            ["mirroring"] = mirroring,
        };
        File.WriteAllText(modelPath + ".json", JsonSerializer.Serialize(document));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
