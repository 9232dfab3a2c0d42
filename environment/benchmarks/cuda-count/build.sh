#!/usr/bin/env bash
# Builds libcudacount.so (needs a C compiler; no CUDA headers or libraries): environment/benchmarks/cuda-count/build.sh [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/bin}
mkdir -p "$out"
${CC:-cc} -O2 -Wall -Wextra -Werror -shared -fPIC -o "$out/libcudacount.so" "$here/cudacount.c" -ldl
echo "$out/libcudacount.so"
