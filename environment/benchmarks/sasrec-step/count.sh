#!/usr/bin/env bash
# CUDA runtime calls per training step, TorchSharp against the PyTorch twin: each of the four programs of compare.sh
# (TorchSharp with its Adam and with FlatAdam; the twin with foreach and with per-parameter Adam) runs twice under
# libcudacount.so, with STEPS and 2×STEPS timed steps; the difference of the two runs' totals over STEPS is one
# step's calls (loading, warm-up and exit cancel). Needs a CUDA device.
#
#   CUDACOUNT=/path/libcudacount.so environment/benchmarks/sasrec-step/count.sh DATA OUT [ARGS...]
#
# STEPS (default 20); SASREC_STEP and PYTHON as in compare.sh; ARGS go to both programs. Kernel launches counted are
# libtorch's own (cuBLAS/cuDNN launch through their static runtime and are not seen, on either side). The two
# device synchronisations per step are the benchmarks' own, around each timed step.
set -euo pipefail
data=${1:?usage: count.sh DATA OUT [ARGS...]}
out=${2:?usage: count.sh DATA OUT [ARGS...]}
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib=${CUDACOUNT:?set CUDACOUNT to libcudacount.so (environment/benchmarks/cuda-count/build.sh)}
if [[ -n "${SASREC_STEP:-}" ]]; then read -r -a step <<< "$SASREC_STEP"; else step=(dotnet "$here/bin/Release/net10.0/SasRecStep.dll"); fi
python=${PYTHON:-python3}
steps=${STEPS:-20}
mkdir -p "$out"
rm -f "$out"/*.counts.jsonl "$out"/*.counts.log "$out"/*.failed
# a failed run is reported in the table (its log says why); the other programs still run
for n in "$steps" $((2 * steps)); do
  for optimizer in torchsharp flat; do
    name=torchsharp-$([[ $optimizer == flat ]] && echo flatadam || echo adam)
    LD_PRELOAD=$lib CUDACOUNT_OUT=$out/$name.counts.jsonl "${step[@]}" --data "$data" --steps "$n" --optimizer "$optimizer" "$@" \
      >> "$out/$name.counts.log" 2>&1 || { echo "count.sh: $name ($n steps) failed; see $out/$name.counts.log" >&2; touch "$out/$name.failed"; }
  done
  for foreach in true false; do
    name=pytorch-adam-foreach-$foreach
    LD_PRELOAD=$lib CUDACOUNT_OUT=$out/$name.counts.jsonl "$python" "$here/sasrec_twin.py" --data "$data" --steps "$n" \
      --foreach "$foreach" "$@" >> "$out/$name.counts.log" 2>&1 || { echo "count.sh: $name ($n steps) failed; see $out/$name.counts.log" >&2; touch "$out/$name.failed"; }
  done
done
"$python" - "$out" "$steps" <<'PY'
import glob, json, os, sys
out, steps = sys.argv[1], int(sys.argv[2])
columns = [("launch", "kernel launches"), ("launch_ex", "launches (Ex)"), ("copy_host_to_device", "copies H→D"),
           ("copy_device_to_host", "copies D→H"), ("copy_device_to_device", "copies D→D"), ("memset", "memsets"),
           ("stream_synchronize", "stream syncs"), ("device_synchronize", "device syncs"), ("malloc", "cudaMalloc")]
print(f"CUDA runtime calls per training step (difference of {2 * steps}- and {steps}-step runs, divided by {steps})")
print("| program | " + " | ".join(title for _, title in columns) + " |")
print("|---|" + "---|" * len(columns))
summary = {}
for log in sorted(glob.glob(os.path.join(out, "*.counts.log"))):   # every program run has a log; a crash leaves no counts
    name = os.path.basename(log)[: -len(".counts.log")]
    path = os.path.join(out, name + ".counts.jsonl")
    runs = [json.loads(line) for line in open(path)] if os.path.exists(path) else []
    if os.path.exists(os.path.join(out, name + ".failed")):
        print(f"| {name} | a run failed: see {name}.counts.log |"); continue
    if len(runs) != 2:
        print(f"| {name} | {len(runs)} of 2 runs reported: see {name}.counts.log |"); continue
    if not all(r["intercepted"] for r in runs):
        print(f"| {name} | no CUDA runtime call seen (a CPU run, or a libtorch linked to a static CUDA runtime) |"); continue
    short, long_ = runs   # the STEPS run was written first
    per_step = {key: (long_[key] - short[key]) / steps for key, _ in columns}
    summary[name] = per_step
    print(f"| {name} | " + " | ".join(f"{per_step[key]:g}" for key, _ in columns) + " |")
json.dump(summary, open(os.path.join(out, "counts-per-step.json"), "w"), indent=1)
PY
