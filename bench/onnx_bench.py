#!/usr/bin/python3
"""ONNX engine overhead benchmark: the sliding-window engine's time against the bare ONNX Runtime session time on the same
patches (goal: overhead under 15%). Writes a small 3D network with
Debian's python3-onnx, then runs bench/OnnxOverhead on the real example CT (or a phantom when the shared data is absent).
The overhead is nearly fixed per patch (copy, softmax, blending) plus per volume (resampling, argmax, components), so its
share shrinks as the network grows: --width 8 is a one-layer toy, --width 16 two 3x3x3 layers.

    /usr/bin/python3 bench/onnx_bench.py [--runs 5] [--threads 2] [--patch 64] [--width 8] [--spacing 1.5]
"""
import argparse, json, os, subprocess, tempfile
import numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_model(path, patch, width, spacing):
    # Conv3d 1→W (3x3x3), LeakyReLU, [Conv3d W→W (3x3x3), LeakyReLU when W > 8], Conv3d W→3 (1x1x1): logits for 3 labels.
    rng = np.random.default_rng(1)
    inits = [numpy_helper.from_array(rng.normal(0, 0.3, (width, 1, 3, 3, 3)).astype(np.float32), 'w1'),
             numpy_helper.from_array(rng.normal(0, 0.1, (3, width, 1, 1, 1)).astype(np.float32), 'w3')]
    nodes = [helper.make_node('Conv', ['x', 'w1'], ['h1'], pads=[1] * 6), helper.make_node('LeakyRelu', ['h1'], ['a1'], alpha=0.01)]
    last = 'a1'
    if width > 8:
        inits.append(numpy_helper.from_array(rng.normal(0, 0.1, (width, width, 3, 3, 3)).astype(np.float32), 'w2'))
        nodes += [helper.make_node('Conv', ['a1', 'w2'], ['h2'], pads=[1] * 6), helper.make_node('LeakyRelu', ['h2'], ['a2'], alpha=0.01)]
        last = 'a2'
    nodes.append(helper.make_node('Conv', [last, 'w3'], ['y']))
    graph = helper.make_graph(nodes, 'bench', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 1, patch, patch, patch])],
                              [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 3, patch, patch, patch])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
    model.ir_version = 7
    onnx.save(model, path)
    json.dump({'format': 'arspine.segmentation-model', 'version': 1, 'spacingMm': [spacing] * 3, 'patchSize': [patch] * 3,
               'normalization': {'clipMinHu': -1000, 'clipMaxHu': 2000, 'mean': 0, 'std': 1000}, 'output': 'logits',
               'labels': [{'channel': 0, 'id': 0, 'name': 'background'}, {'channel': 1, 'id': 20, 'name': 'L1'}, {'channel': 2, 'id': 21, 'name': 'L2'}],
               'overlap': 0.5, 'mirroring': False}, open(path + '.json', 'w'))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--patch', type=int, default=64)
    parser.add_argument('--width', type=int, default=8, help='feature channels of the test network (8: one conv layer; more: two)')
    parser.add_argument('--spacing', type=float, default=1.5, help="the model's spacing, mm")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        model = os.path.join(folder, 'bench.onnx')
        write_model(model, args.patch, args.width, args.spacing)
        ct = os.path.join(ROOT, '..', 'shared', 'data', 'totalsegmentator', 'example_ct.nii.gz')
        if not os.path.exists(ct):
            app = os.path.join(ROOT, 'App', 'bin', 'Release', 'net10.0', 'arspine.dll')
            subprocess.run(['dotnet', app, 'phantom', '-o', folder, '--spacing', '1.5,1.5,1.5', '--size', '128,128,N'], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ct = os.path.join(folder, 'ct.nii.gz')
        subprocess.run(['dotnet', 'run', '--project', os.path.join(ROOT, 'bench', 'OnnxOverhead'), '-c', 'Release', '--',
                        model, ct, str(args.runs), str(args.threads)], check=True)


if __name__ == '__main__':
    main()
