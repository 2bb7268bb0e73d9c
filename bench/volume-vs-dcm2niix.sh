#!/usr/bin/env bash
# Side-by-side benchmark (not a test): converts the same uncompressed CT series of 300 slices of 512x512, made with the phantom, with
# `./arspine volume` and with dcm2niix, several runs each, and prints both medians and the ratio, for .nii.gz and for .nii output.
#
#   bench/volume-vs-dcm2niix.sh [RUNS]        (default 5 runs; BENCH_DIR sets the work folder, default out/bench)
#
# Both tools read the same files from the page cache (one warm-up run each first); their runs alternate, so both see the same load. arspine's time includes starting .NET and
# an fsync of the output (its NIfTI files are written atomically); dcm2niix's includes neither. dcm2niix -z y uses pigz when
# installed and its internal compressor otherwise; the line 'pigz:' says which.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
WORK="${BENCH_DIR:-$ROOT/out/bench}"
SERIES="$WORK/phantom/dicom"
command -v dcm2niix >/dev/null || { echo "bench: needs dcm2niix (Debian package dcm2niix)" >&2; exit 1; }

mkdir -p "$WORK"
if [ "$(find "$SERIES" -name 'slice*.dcm' 2>/dev/null | wc -l)" -ne 300 ]; then
  echo "bench: writing the 512x512x300 phantom series into $SERIES" >&2
  "$ROOT/arspine" phantom -o "$WORK/phantom" --size 512,512,300 >/dev/null
fi
"$ROOT/arspine" --help >/dev/null   # builds once, outside the timings

seconds() { # command... : prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

pair() { # format, arspine output, dcm2niix -z value: one warm-up each, then RUNS alternating runs; prints both medians
  local format="$1" ours="$2" z="$3" a=() d=() n
  local arspine_run=("$ROOT/arspine" volume "$SERIES" -o "$ours")
  local dcm2niix_run=(dcm2niix -z "$z" -b n -f "dcm2niix_$format" -o "$WORK" "$SERIES")
  "${arspine_run[@]}" >/dev/null 2>&1
  "${dcm2niix_run[@]}" >/dev/null 2>&1
  for ((n = 0; n < RUNS; n++)); do
    a+=("$(seconds "${arspine_run[@]}")")
    d+=("$(seconds "${dcm2niix_run[@]}")")
  done
  printf '.%s arspine runs:' "$format" >&2; printf ' %.3f' "${a[@]}" >&2; echo >&2
  printf '.%s dcm2niix runs:' "$format" >&2; printf ' %.3f' "${d[@]}" >&2; echo >&2
  echo "$(printf '%s\n' "${a[@]}" | median) $(printf '%s\n' "${d[@]}" | median)"
}

echo "series: $SERIES ($(du -sh "$SERIES" | cut -f1), 300 files); runs: $RUNS; cores: $(nproc); pigz: $(command -v pigz || echo 'not installed (dcm2niix uses its internal compressor)')"
SMALL="$WORK/small"
if [ ! -f "$SMALL/dicom/slice0001.dcm" ]; then
  "$ROOT/arspine" phantom -o "$SMALL" --size 40,40,10 --spacing 3,3,5 --levels L3 >/dev/null
fi

for format in gz nii small; do
  if [ "$format" = gz ]; then ours="$WORK/arspine.nii.gz"; z=y; elif [ "$format" = nii ]; then ours="$WORK/arspine.nii"; z=n; else ours="$WORK/small.nii"; z=n; fi
  if [ "$format" = small ]; then
    # Fixed costs: the same commands on a 10-slice 40x40 series (process start, the front-door script, .NET's JIT).
    SERIES="$SMALL/dicom"
  fi
  read -r a d < <(pair "$format" "$ours" "$z")
  [ "$format" = small ] && printf 'fixed costs (10 slices of 40x40, .nii):\n'
  printf 'output %-7s arspine volume median %.3f s   dcm2niix median %.3f s   ratio arspine/dcm2niix %.2f\n' ".$format" "$a" "$d" "$(echo "$a / $d" | bc -l)"
done
