#!/usr/bin/python3
"""Meshing benchmark: `arspine mesh` against scikit-image's marching cubes and VTK's flying edges, side by side.

Each tool meshes every label of a label volume (each label's bounding box plus one voxel, the 0.5 level of its mask, no
smoothing, no decimation) and the wall-clock medians are printed with the ratios. The arspine figure is the whole command
(process start, NIfTI read, meshing, STL writing); the Python figures include reading the file with nibabel but write nothing.

    /usr/bin/python3 bench/mesh_bench.py [--runs 5] [--big]     (--big adds a 512x512x300 phantom label volume)
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
import numpy as np, nibabel
from scipy import ndimage
from skimage import measure
import vtk
from vtk.util import numpy_support

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, 'App', 'bin', 'Release', 'net10.0', 'arspine.dll')


def boxes(data):
    # One pass for every label's bounding box (scipy), then each label's padded mask within it.
    for index, box in enumerate(ndimage.find_objects(data)):
        if box is not None:
            yield index + 1, np.pad((data[box] == index + 1).astype(np.float32), 1)


def skimage_run(path):
    img = nibabel.load(path)
    data = np.asanyarray(img.dataobj).astype(np.uint8)
    spacing = img.header.get_zooms()[:3]
    triangles = 0
    for _, mask in boxes(data):
        verts, faces, _, _ = measure.marching_cubes(mask, 0.5, spacing=spacing)
        triangles += len(faces)
    return triangles


def vtk_run(path):
    img = nibabel.load(path)
    data = np.asanyarray(img.dataobj).astype(np.uint8)
    spacing = img.header.get_zooms()[:3]
    triangles = 0
    for _, mask in boxes(data):
        image = vtk.vtkImageData()
        image.SetDimensions(*mask.shape)
        image.SetSpacing(*[float(s) for s in spacing])
        image.GetPointData().SetScalars(numpy_support.numpy_to_vtk(mask.ravel(order='F'), deep=True))
        edges = vtk.vtkFlyingEdges3D()
        edges.SetInputData(image)
        edges.SetValue(0, 0.5)
        edges.ComputeNormalsOff()
        edges.ComputeGradientsOff()
        edges.ComputeScalarsOff()
        edges.Update()
        triangles += edges.GetOutput().GetNumberOfPolys()
    return triangles


def arspine_run(path, out):
    subprocess.run(['dotnet', APP, 'mesh', path, '-o', out, '--format', 'stl', '--triangles', '0', '--smoothing', '0'],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return None


def arspine_in_process(path, runs):
    out = subprocess.run(['dotnet', 'run', '--project', os.path.join(ROOT, 'bench', 'MeshTiming'), '-c', 'Release', '--', path, str(runs)],
                         check=True, capture_output=True, text=True).stdout.split()
    # ... 'read alone: median R s' then 'T N' (read + mesh, triangles).
    return float(out[-2]), int(out[-1]), float(out[-4])


def median_time(fn, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench(name, path, runs):
    with tempfile.TemporaryDirectory() as out:
        ours, _ = median_time(lambda: arspine_run(path, out), runs)
        inproc, our_tris, read = arspine_in_process(path, runs)
        ski, ski_tris = median_time(lambda: skimage_run(path), runs)
        fe, vtk_tris = median_time(lambda: vtk_run(path), runs)
    print(f'{name}: median of {runs} runs')
    print(f'  arspine mesh (whole command, STL written)  {ours:8.3f} s')
    print(f'  arspine in process (read + mesh, 1 thread) {inproc:8.3f} s  ({our_tris} triangles; the NIfTI read alone {read:.3f} s)')
    print(f'  scikit-image (read + mesh)                 {ski:8.3f} s  ({ski_tris} triangles)  in-process ratio arspine/scikit-image = {inproc / ski:.2f}, command ratio = {ours / ski:.2f}')
    print(f'  VTK flying edges (read + mesh)             {fe:8.3f} s  ({vtk_tris} triangles)  in-process ratio arspine/VTK = {inproc / fe:.2f}, command ratio = {ours / fe:.2f}')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--big', action='store_true')
    args = parser.parse_args()
    if not os.path.exists(APP):
        sys.exit(f'Build first (./arspine --help builds {APP}).')
    verse = os.path.join(ROOT, '..', 'shared', 'data', 'verse', 'sub-verse004_seg-vert_msk.nii.gz')
    if os.path.exists(verse):
        bench('VerSe sub-verse004 masks (161x338x61, 9 labels)', verse, args.runs)
    if args.big:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(['dotnet', APP, 'phantom', '-o', folder, '--size', '512,512,300', '--spacing', '0.6,0.6,0.8'],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            bench('Phantom labels 512x512x300 (6 labels)', os.path.join(folder, 'labels.nii.gz'), max(1, args.runs // 2))


if __name__ == '__main__':
    main()
