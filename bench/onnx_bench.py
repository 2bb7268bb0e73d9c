#!/usr/bin/python3
"""ONNX engine overhead benchmark: the sliding-window engine's time against the bare ONNX Runtime session time on the same
patches (goal: overhead under 15%). Writes a small 3D network (Conv3d 1→8, 3x3x3; LeakyReLU; Conv3d 8→3, 1x1x1) with
Debian's python3-onnx, then runs bench/OnnxOverhead on the real example CT (or a phantom when the shared data is absent).

    /usr/bin/python3 bench/onnx_bench.py [--runs 5] [--threads 2] [--patch 64]
"""
import argparse, json, os, subprocess, tempfile
import numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_model(path, patch):
    rng = np.random.default_rng(1)
    w1 = rng.normal(0, 0.3, (8, 1, 3, 3, 3)).astype(np.float32)
    w2 = rng.normal(0, 0.3, (3, 8, 1, 1, 1)).astype(np.float32)
    nodes = [helper.make_node('Conv', ['x', 'w1'], ['h'], pads=[1] * 6),
             helper.make_node('LeakyRelu', ['h'], ['a'], alpha=0.01),
             helper.make_node('Conv', ['a', 'w2'], ['y'])]
    graph = helper.make_graph(nodes, 'bench', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 1, patch, patch, patch])],
                              [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 3, patch, patch, patch])],
                              [numpy_helper.from_array(w1, 'w1'), numpy_helper.from_array(w2, 'w2')])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
    model.ir_version = 7
    onnx.save(model, path)
    json.dump({'format': 'arspine.segmentation-model', 'version': 1, 'spacingMm': [1.5, 1.5, 1.5], 'patchSize': [patch] * 3,
               'normalization': {'clipMinHu': -1000, 'clipMaxHu': 2000, 'mean': 0, 'std': 1000}, 'output': 'logits',
               'labels': [{'channel': 0, 'id': 0, 'name': 'background'}, {'channel': 1, 'id': 20, 'name': 'L1'}, {'channel': 2, 'id': 21, 'name': 'L2'}],
               'overlap': 0.5, 'mirroring': False}, open(path + '.json', 'w'))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--patch', type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        model = os.path.join(folder, 'bench.onnx')
        write_model(model, args.patch)
        ct = os.path.join(ROOT, '..', 'shared', 'data', 'totalsegmentator', 'example_ct.nii.gz')
        if not os.path.exists(ct):
            app = os.path.join(ROOT, 'App', 'bin', 'Release', 'net10.0', 'arspine.dll')
            subprocess.run(['dotnet', app, 'phantom', '-o', folder, '--spacing', '1.5,1.5,1.5', '--size', '128,128,N'], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ct = os.path.join(folder, 'ct.nii.gz')
        subprocess.run(['dotnet', 'run', '--project', os.path.join(ROOT, 'bench', 'OnnxOverhead'), '-c', 'Release', '--',
                        model, ct, str(args.runs), str(args.threads)], check=True)


if __name__ == '__main__':
    main()
