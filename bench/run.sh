#!/usr/bin/env bash
# Side-by-side benchmarks of the registration module (not tests; they assert nothing):
#   detection+pose per 1280x720 frame against calling OpenCvSharp's detector and solvePnP directly,
#   point-to-plane ICP against Open3D's (Debian python3-open3d) on the same clouds.
# Prints medians and ratios. Usage: bench/run.sh [detection|icp]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
dotnet build ArSpine.Bench -c Release -nologo -v quiet
dotnet ArSpine.Bench/bin/Release/net10.0/ArSpine.Bench.dll "${1:-all}"
