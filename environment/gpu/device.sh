# Source this ON THE GPU MACHINE from the repository root, with the folder environment/gpu/pack.sh made here carried
# along:    source .gpu/device.sh
# It unpacks the .NET runtime and the bundle under /tmp, points LIBTORCH_DIR at the PyTorch install's torch/lib
# (unless already set), makes the repository visible at the path it was packed from (the executor's package cache
# is keyed by that path) with the packed library in lib/bin/feed, and defines `notebook` (the executor) and
# `sasrec_step` (the benchmark); SASREC_STEP and CUDACOUNT serve sasrec-step's compare.sh and count.sh. Name
# notebooks by their absolute path under $SEQREC_REPO.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p /tmp/dotnet-rt /tmp/seqrec-gpu
[[ -x /tmp/dotnet-rt/dotnet ]] || tar -C /tmp/dotnet-rt -xJf "$here/dotnet-rt.tar.xz"
tar -C /tmp/seqrec-gpu -xJf "$here/bundle.tar.xz"
export DOTNET_ROOT=/tmp/dotnet-rt PATH=/tmp/dotnet-rt:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
[[ -n "${LIBTORCH_DIR:-}" ]] || export LIBTORCH_DIR=$(python3 -c "import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))")
export SEQREC_EXECUTOR_CACHE=/tmp/seqrec-gpu/cache SEQREC_GPU_DATA=/tmp/seqrec-gpu/data
export SEQREC_REPO=$(cat /tmp/seqrec-gpu/cache/repo-path)
if [[ "$(pwd -P)" != "$SEQREC_REPO" ]]; then
  if [[ -e "$SEQREC_REPO" && ! -L "$SEQREC_REPO" ]]; then echo "device.sh: $SEQREC_REPO exists and is not this checkout" >&2; return 1; fi
  mkdir -p "$(dirname "$SEQREC_REPO")"; ln -sfn "$(pwd -P)" "$SEQREC_REPO"
fi
# the library package the cached restore was made from (a feed packed again since then would force a restore)
mkdir -p "$SEQREC_REPO/lib/bin/feed"; cp /tmp/seqrec-gpu/feed/*.nupkg "$SEQREC_REPO/lib/bin/feed/"
notebook() { dotnet /tmp/seqrec-gpu/executor/SeqRecLab.Executor.dll "$@"; }
sasrec_step() { dotnet /tmp/seqrec-gpu/sasrec-step/SasRecStep.dll "$@"; }
export SASREC_STEP="dotnet /tmp/seqrec-gpu/sasrec-step/SasRecStep.dll"     # for sasrec-step/compare.sh and count.sh
[[ ! -f /tmp/seqrec-gpu/cuda-count/libcudacount.so ]] || export CUDACOUNT=/tmp/seqrec-gpu/cuda-count/libcudacount.so
echo "$(dotnet --list-runtimes | head -1) · LIBTORCH_DIR=$LIBTORCH_DIR · repository at $SEQREC_REPO · data: $(ls "$SEQREC_GPU_DATA" | tr '\n' ' ')"
if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; fi
