"""Open3D's point-to-plane ICP on the clouds bench/ArSpine.Bench wrote: prints
normals_ms icp_ms inlier_rmse fitness and the 3x4 result matrix (row-major), one line."""
import sys
import time

import numpy as np
import open3d as o3d

folder, max_distance, inlier_distance, iterations = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
fixed = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(np.loadtxt(f"{folder}/fixed.xyz")))
moving = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(np.loadtxt(f"{folder}/moving.xyz")))
initial = np.loadtxt(f"{folder}/initial.txt")


def median_ms(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times))


def normals():
    fixed.estimate_normals(o3d.geometry.KDTreeSearchParamKNN(12))


normals_ms = median_ms(normals, 5)
criteria = o3d.pipelines.registration.ICPConvergenceCriteria(relative_fitness=0, relative_rmse=0, max_iteration=iterations)
method = o3d.pipelines.registration.TransformationEstimationPointToPlane()
result = None


def icp():
    global result
    result = o3d.pipelines.registration.registration_icp(moving, fixed, max_distance, initial, method, criteria)


icp_ms = median_ms(icp, 7)
evaluation = o3d.pipelines.registration.evaluate_registration(moving, fixed, inlier_distance, result.transformation)
# inlier_rmse of evaluate_registration is point-to-point; recompute point-to-plane over the inliers for a like-for-like figure.
tree = o3d.geometry.KDTreeFlann(fixed)
points = np.asarray(moving.transform(result.transformation).points)
fixed_points, fixed_normals = np.asarray(fixed.points), np.asarray(fixed.normals)
plane = []
for p in points:
    _, index, d2 = tree.search_knn_vector_3d(p, 1)
    if d2[0] <= inlier_distance ** 2:
        plane.append(np.dot(p - fixed_points[index[0]], fixed_normals[index[0]]))
plane_rmse = float(np.sqrt(np.mean(np.square(plane)))) if plane else float("inf")
m = result.transformation
print(normals_ms, icp_ms, plane_rmse, evaluation.fitness, *[m[r, c] for r in range(3) for c in range(4)])
