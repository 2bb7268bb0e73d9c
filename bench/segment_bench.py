#!/usr/bin/python3
"""Classical segmentation benchmark: `arspine segment` on a 512x512x300 phantom CT (goal: under 10 s on this 2-core machine).

Prints the median wall-clock time of the whole command (process start, NIfTI read, segmentation, NIfTI write), the
in-process segmentation time alone (bench/SegmentTiming), and the Dice
of each vertebra against the phantom's own labels, so a faster run that got worse shows it.

    /usr/bin/python3 bench/segment_bench.py [--runs 3]
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
import numpy as np, nibabel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, 'App', 'bin', 'Release', 'net10.0', 'arspine.dll')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(APP):
        sys.exit(f'Build first (./arspine --help builds {APP}).')
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(['dotnet', APP, 'phantom', '-o', folder, '--size', '512,512,300', '--spacing', '0.6,0.6,0.8'],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ct, out = os.path.join(folder, 'ct.nii.gz'), os.path.join(folder, 'found.nii.gz')
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(['dotnet', APP, 'segment', ct, '-o', out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        found = np.asanyarray(nibabel.load(out).dataobj).astype(np.int32)
        truth = np.asanyarray(nibabel.load(os.path.join(folder, 'labels.nii.gz')).dataobj).astype(np.int32)
        dice = {int(l): 2 * ((found == l) & (truth == l)).sum() / ((found == l).sum() + (truth == l).sum()) for l in sorted(set(np.unique(truth)) - {0})}
        inproc = subprocess.run(['dotnet', 'run', '--project', os.path.join(ROOT, 'bench', 'SegmentTiming'), '-c', 'Release', '--', ct, str(args.runs)],
                                check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    print(f'arspine segment, 512x512x300 phantom CT: whole command median {statistics.median(times):.2f} s of {args.runs} runs (goal: under 10 s)')
    print(f'  in process: {inproc}')
    print('  Dice: ' + ', '.join(f'{l}: {d:.3f}' for l, d in dice.items()))


if __name__ == '__main__':
    main()
