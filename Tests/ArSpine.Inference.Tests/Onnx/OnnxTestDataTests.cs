using ArSpine.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace ArSpine.Inference.Tests.Onnx;

/// <summary>The operators of a 3D U-Net, on ONNX Runtime as this project ships it, against the onnx test data's expected outputs.</summary>
public sealed class OnnxTestDataTests(ITestOutputHelper output)
{
    [SharedDataTheory("onnx-testdata")]
    [InlineData("node/test_convtranspose_3d")]
    [InlineData("node/test_instancenorm_epsilon")]
    [InlineData("node/test_leakyrelu")]
    [InlineData("node/test_maxpool_3d_default")]
    [InlineData("node/test_softmax_axis_1")]
    [InlineData("node/test_argmax_keepdims_random")]
    [InlineData("pytorch-converted/test_Conv3d")]
    [InlineData("pytorch-converted/test_Conv3d_stride")]
    [InlineData("pytorch-converted/test_LeakyReLU")]
    [InlineData("pytorch-converted/test_Softmax")]
    public void Run_NodeModel_MatchesTheExpectedOutput(string test)
    {
        string folder = SharedData.PathOf(Path.Combine("onnx-testdata", test));
        using var session = new InferenceSession(Path.Combine(folder, "model.onnx"));
        string data = Path.Combine(folder, "test_data_set_0");
        var inputs = new List<OrtValue>();
        var names = new List<string>();
        int n = 0;
        foreach (string name in session.InputMetadata.Keys)
        {
            TensorProtoFile tensor = TensorProtoFile.Read(Path.Combine(data, $"input_{n++}.pb"));
            Assert.Equal(TensorProtoFile.Float, tensor.DataType);
            inputs.Add(OrtValue.CreateTensorValueFromMemory(tensor.Floats, tensor.Dims));
            names.Add(name);
        }

        TensorProtoFile expected = TensorProtoFile.Read(Path.Combine(data, "output_0.pb"));
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, names, inputs, [session.OutputMetadata.Keys.First()]);
        OrtValue result = results[0];

        Assert.Equal(expected.Dims, result.GetTensorTypeAndShape().Shape);
        double worst = 0;
        if (expected.DataType == TensorProtoFile.Int64)
        {
            Assert.Equal(expected.Int64s, result.GetTensorDataAsSpan<long>().ToArray());
        }
        else
        {
            ReadOnlySpan<float> actual = result.GetTensorDataAsSpan<float>();
            for (int i = 0; i < actual.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(actual[i] - expected.Floats[i]) / Math.Max(1, Math.Abs(expected.Floats[i])));
            }
        }

        output.WriteLine($"{test}: {expected.Dims.Aggregate(1L, (a, b) => a * b)} values, worst relative difference {worst:E2}");
        Assert.True(worst < 1e-4, $"{test}: worst relative difference {worst:E2}.");
        foreach (OrtValue value in inputs)
        {
            value.Dispose();
        }
    }
}
