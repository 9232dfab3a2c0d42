#!/bin/bash
# Packs what a GPU machine needs to run the notebooks (through the executor) and the sasrec-step benchmark on CUDA
# when it has PyTorch but no .NET SDK and no network: everything lands in DEST (default .gpu/; keep it git-ignored).
#   DEST/dotnet-rt.tar.xz  this machine's .NET runtime (host + Microsoft.NETCore.App, ~26 MB)
#   DEST/bundle.tar.xz     the Release executor and benchmark, the executor's package cache for the notebooks'
#                          `#r "nuget: SeqRecLab"` restore with the library package it was made from, the CUDA
#                          call counter (with a C compiler here), and the data folders named on the command line;
#                          libtorch's natives stay behind (the device's PyTorch provides them; libtorch_cpu alone
#                          is 460 MB), TorchSharp's own libLibTorchSharp.so travels.
#   DEST/device.sh         to source on the GPU machine (see README.md)
# Usage: environment/gpu/pack.sh [DEST] [DATA_FOLDER...]
set -euo pipefail
# The executor now hosts the real .NET Interactive kernel, whose `#r "nuget:"` restore needs an SDK; this script still
# packs the old executor's restore cache and is being reworked (issue 17). Refuse rather than pack a bundle that fails.
if [ -z "${SEQREC_PACK_ANYWAY:-}" ]; then
  echo "environment/gpu/pack.sh: not yet ported to the kernel-hosted executor (issue 17); see environment/gpu/README.md" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
dest=${1:-.gpu}; shift || true
mkdir -p "$dest"; dest=$(cd "$dest" && pwd)
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT

dotnet build -c Release environment/executor -v q -nologo >/dev/null   # also packs lib/ into lib/bin/feed
dotnet build -c Release environment/benchmarks/sasrec-step -v q -nologo >/dev/null

root=$(dirname "$(readlink -f "$(command -v dotnet)")")
tar -C "$root" -cJf "$dest/dotnet-rt.tar.xz" dotnet host shared/Microsoft.NETCore.App

# copy SRC to DST without other platforms' natives, libtorch's natives, .nupkg archives, XML docs and localized
# resource satellites
slim() {
  rm -rf "$2"; mkdir -p "$2"
  python3 - "$1" "$2" <<'PY'
import os, re, shutil, sys
src, dst = sys.argv[1:3]
skip = re.compile(r"(^|/)runtimes/(osx|win)[^/]*/|\.nupkg$|\.xml$|(^|/)([a-z]{2}|[a-z]{2}-[A-Za-z]+)/[^/]+\.resources\.dll$")
for root, _, files in os.walk(src):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), src)
        native = re.search(r"(^|/)runtimes/linux-x64/native/", rel)
        if skip.search(rel) or (native and f != "libLibTorchSharp.so"): continue
        os.makedirs(os.path.join(dst, os.path.dirname(rel)), exist_ok=True)
        shutil.copy2(os.path.join(root, f), os.path.join(dst, rel))
PY
}
slim environment/executor/bin/Release/net10.0 "$stage/executor"
slim environment/benchmarks/sasrec-step/bin/Release/net10.0 "$stage/sasrec-step"

# The notebooks' restore, run here into a fresh cache, then reduced to what the executor reads: the restore's
# marker, its assets file (package folder rewritten to where device.sh unpacks), each package's .nupkg.metadata and
# .sha512, the net10.0 runtime assemblies, and libLibTorchSharp.so. The cache key holds the absolute path of
# lib/bin/feed, so device.sh makes the repository visible at this same path on the device.
export SEQREC_EXECUTOR_CACHE=$stage/restore
dotnet environment/executor/bin/Release/net10.0/SeqRecLab.Executor.dll notebooks/00-template.ipynb --out "$stage/template" >/dev/null
python3 - "$SEQREC_EXECUTOR_CACHE" "$stage/cache" <<'PY'
import glob, json, os, shutil, sys
src, dst = sys.argv[1:3]
def copy(rel):
    os.makedirs(os.path.join(dst, os.path.dirname(rel)), exist_ok=True)
    shutil.copy2(os.path.join(src, rel), os.path.join(dst, rel))
for assets in glob.glob(os.path.join(src, "*", "obj", "project.assets.json")):
    copy(os.path.relpath(os.path.join(os.path.dirname(os.path.dirname(assets)), "restore.json"), src))
    a = json.load(open(assets))
    a["packageFolders"] = {"/tmp/seqrec-gpu/cache/packages/": {}}
    out = os.path.join(dst, os.path.relpath(assets, src)); os.makedirs(os.path.dirname(out), exist_ok=True)
    json.dump(a, open(out, "w"), indent=1)
    target = next(v for k, v in a["targets"].items() if k.startswith("net10.0"))
    for key, entry in target.items():
        if entry.get("type") != "package": continue
        pkg = os.path.join("packages", a["libraries"][key]["path"])
        for f in os.listdir(os.path.join(src, pkg)):
            if f.endswith((".nupkg.metadata", ".sha512")): copy(os.path.join(pkg, f))
        for f in list(entry.get("runtime", {})) + ["runtimes/linux-x64/native/libLibTorchSharp.so"]:
            if not f.endswith("_._") and os.path.exists(os.path.join(src, pkg, f)): copy(os.path.join(pkg, f))
PY
echo "$PWD" > "$stage/cache/repo-path"
# the library package the restore above recorded (by SHA-512): any later build here packs lib/ anew, with another
# hash, so device.sh puts this copy into lib/bin/feed instead of trusting whatever feed was carried along
mkdir -p "$stage/feed"; cp lib/bin/feed/*.nupkg "$stage/feed/"

mkdir -p "$stage/data"; for d in "$@"; do cp -r "$d" "$stage/data/"; done
# the CUDA call counter for sasrec-step/count.sh, when this machine has a C compiler
mkdir -p "$stage/cuda-count"
if command -v "${CC:-cc}" >/dev/null; then environment/benchmarks/cuda-count/build.sh "$stage/cuda-count" >/dev/null; else echo "pack.sh: no C compiler; libcudacount.so not packed" >&2; fi
tar -C "$stage" -cJf "$dest/bundle.tar.xz" executor sasrec-step cache feed data cuda-count
cp environment/gpu/device.sh "$dest/"
du -sh "$dest"/*
