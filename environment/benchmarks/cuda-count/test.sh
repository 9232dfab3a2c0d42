#!/usr/bin/env bash
# Checks libcudacount.so without a GPU: a fake libcudart.so.13 and a fake "libtorch" calling it, loaded the two ways
# a real process does (linked at build time; dlopen'ed with RTLD_LOCAL, as .NET and Python load libtorch). Each
# call must be counted once and reach the fake runtime once, and a child process must add no line of its own. Needs a
# C compiler (nothing else; CC if set). Prints "cuda-count: ok".
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$here/build.sh" "$work" >/dev/null
cat > "$work/cudart.c" <<'C'
typedef struct { unsigned x, y, z; } dim3;
int calls, last_grid_z, last_kind;
int cudaLaunchKernel(const void *f, dim3 g, dim3 b, void **a, unsigned long s, void *st) { (void)f; (void)b; (void)a; (void)s; (void)st; calls++; last_grid_z = g.z; return 0; }
int cudaLaunchKernelExC(const void *c, const void *f, void **a) { (void)c; (void)f; (void)a; calls++; return 0; }
int cudaMemcpyAsync(void *d, const void *s, unsigned long n, int kind, void *st) { (void)d; (void)s; (void)n; (void)st; calls++; last_kind = kind; return 0; }
int cudaStreamSynchronize(void *st) { (void)st; calls++; return 0; }
int cudaMalloc(void **p, unsigned long n) { (void)n; *p = 0; calls++; return 7; }
C
cat > "$work/torch.c" <<'C'
typedef struct { unsigned x, y, z; } dim3;
int cudaLaunchKernel(const void *, dim3, dim3, void **, unsigned long, void *);
int cudaLaunchKernelExC(const void *, const void *, void **);
int cudaMemcpyAsync(void *, const void *, unsigned long, int, void *);
int cudaStreamSynchronize(void *);
int cudaMalloc(void **, unsigned long);
int step(void)   /* 3 launches (2 + 1 Ex), a host→device and a device→host copy, a sync, a malloc */
{
    dim3 g = {1, 2, 3}, b = {4, 5, 6};
    void *p; int rc = 0;
    rc |= cudaLaunchKernel(0, g, b, 0, 0, 0); rc |= cudaLaunchKernel(0, g, b, 0, 0, 0); rc |= cudaLaunchKernelExC(0, 0, 0);
    rc |= cudaMemcpyAsync(0, 0, 4, 1, 0); rc |= cudaMemcpyAsync(0, 0, 4, 2, 0); rc |= cudaStreamSynchronize(0);
    return rc | (cudaMalloc(&p, 8) == 7 ? 0 : 1);   /* the real function's return value comes back */
}
C
cat > "$work/main.c" <<'C'
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
typedef struct { unsigned x, y, z; } dim3;
int main(int argc, char **argv)
{
    int steps = atoi(argv[1]);
    void *torch = dlopen(argc > 2 ? argv[2] : NULL, RTLD_LAZY | RTLD_LOCAL);   /* NULL: the linked-in one */
    if (!torch) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    int (*step)(void) = (int (*)(void))dlsym(torch, "step");
    int *calls = (int *)dlsym(torch, "calls"), *grid_z = (int *)dlsym(torch, "last_grid_z"), *kind = (int *)dlsym(torch, "last_kind");
    for (int s = 0; s < steps; s++) if (step()) { fprintf(stderr, "step failed\n"); return 3; }
    if (system("/bin/true") != 0) return 4;   /* a child process (a shell and true): must not add lines of its own */
    printf("%d %d %d\n", *calls, *grid_z, *kind);
    return 0;
}
C
# versioned symbols, as NVIDIA's runtime exports them (libtorch then asks for cudaLaunchKernel@libcudart.so.13)
printf 'libcudart.so.13 { global: *; };\n' > "$work/cudart.map"
${CC:-cc} -shared -fPIC -Wl,-soname,libcudart.so.13 -Wl,--version-script="$work/cudart.map" -o "$work/libcudart.so.13" "$work/cudart.c"
${CC:-cc} -shared -fPIC -o "$work/libfaketorch.so" "$work/torch.c" "$work/libcudart.so.13" -Wl,-rpath,"$work"
${CC:-cc} -o "$work/linked" "$work/main.c" -Wl,--no-as-needed "$work/libfaketorch.so" -ldl -Wl,-rpath,"$work"
${CC:-cc} -o "$work/loader" "$work/main.c" -ldl

check() {   # check NAME EXPECTED_JSON_FIELDS... ; runs "$@" after --
  local out=$work/counts.jsonl; rm -f "$out"
  local seen; seen=$(LD_PRELOAD=$work/libcudacount.so CUDACOUNT_OUT=$out "${@:3}")
  [[ "$seen" == "$2" ]] || { echo "cuda-count: $1: the fake runtime saw '$seen', expected '$2'" >&2; exit 1; }
  [[ $(wc -l < "$out") == 1 ]] || { echo "cuda-count: $1: expected one line in $out" >&2; exit 1; }
  local field
  for field in '"launch": 20,' '"launch_ex": 10,' '"copy_host_to_device": 10,' '"copy_device_to_host": 10,' \
      '"copy_device_to_device": 0,' '"stream_synchronize": 10,' '"device_synchronize": 0,' '"malloc": 10,' '"intercepted": true'; do
    grep -qF "$field" "$out" || { echo "cuda-count: $1: no $field in $(cat "$out")" >&2; exit 1; }
  done
}
# 10 steps x 7 calls reach the fake; the last launch's grid (z = 3) and copy kind (2) arrive intact
check "linked at build time (RTLD_NEXT)" "70 3 2" "$work/linked" 10
check "dlopen RTLD_LOCAL (found by dl_iterate_phdr)" "70 3 2" "$work/loader" 10 "$work/libfaketorch.so"
# without any CUDA call: one line, intercepted false
rm -f "$work/none.jsonl"; LD_PRELOAD=$work/libcudacount.so CUDACOUNT_OUT=$work/none.jsonl /bin/true
grep -q '"intercepted": false' "$work/none.jsonl" || { echo "cuda-count: a process without CUDA calls did not report intercepted false" >&2; exit 1; }
echo "cuda-count: ok"
