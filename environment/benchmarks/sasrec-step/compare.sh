#!/usr/bin/env bash
# The TorchSharp-against-PyTorch step comparison in one command: for each round, TorchSharp with its Adam and with
# FlatAdam, then the PyTorch twin with multi-tensor (foreach) Adam and with per-parameter Adam, one after the other
# (never two at once), each with the phase split; then one table of the medians. A run that fails is left out of
# the table, with its log named on stderr; the others go on.
#
#   environment/benchmarks/sasrec-step/compare.sh DATA OUT [ARGS...]
#
# DATA: an ItemLines file (e.g. ml-1m-proxy/sequences.txt); OUT: a folder for the JSON files; ARGS go to both
# programs (e.g. --device cpu --length 10 --batch 4 --dim 16). ROUNDS (default 2) sets the rounds; SASREC_STEP the
# .NET program (default: the Release build here; on the GPU machine after `source .gpu/device.sh`:
# "dotnet /tmp/seqrec-gpu/sasrec-step/SasRecStep.dll"); PYTHON the interpreter with torch (default python3).
set -euo pipefail
data=${1:?usage: compare.sh DATA OUT [ARGS...]}
out=${2:?usage: compare.sh DATA OUT [ARGS...]}
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -n "${SASREC_STEP:-}" ]]; then read -r -a step <<< "$SASREC_STEP"; else step=(dotnet "$here/bin/Release/net10.0/SasRecStep.dll"); fi
python=${PYTHON:-python3}
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.out "$out"/*.log   # the table reads every JSON file here: none from an earlier run
for round in $(seq 1 "${ROUNDS:-2}"); do
  for optimizer in torchsharp flat; do
    name=torchsharp-$([[ $optimizer == flat ]] && echo flatadam || echo adam)-$round
    "${step[@]}" --data "$data" --phases true --optimizer "$optimizer" --out "$out/$name.json" "$@" > "$out/$name.log" 2>&1 \
      || echo "compare.sh: $name failed; see $out/$name.log" >&2
  done
  for foreach in true false; do
    name=pytorch-adam-foreach-$foreach-$round
    "$python" "$here/sasrec_twin.py" --data "$data" --phases true --foreach "$foreach" "$@" > "$out/$name.out" 2> "$out/$name.log" \
      && mv "$out/$name.out" "$out/$name.json" || echo "compare.sh: $name failed; see $out/$name.log" >&2
  done
done
"$python" - "$out" <<'EOF'
import glob, json, os, sys
rows = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):   # a failed run wrote none
    run = json.load(open(path))
    name = os.path.basename(path).rsplit("-", 1)[0]
    phases = run.get("phases_median_ms") or {}
    rows.setdefault(name, []).append((run["median_ms_per_step"], phases.get("forward_and_loss"), phases.get("backward"),
                                      phases.get("optimizer"), run.get("process_memory_mib_after_steps")))
fmt = lambda values: ", ".join("–" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v) for v in values)
print("| program | step ms | forward + loss | backward | optimizer | process GPU MiB |")
print("|---|---|---|---|---|---|")
for name, runs in rows.items():
    print(f"| {name} | " + " | ".join(fmt(column) for column in zip(*runs)) + " |")
EOF
