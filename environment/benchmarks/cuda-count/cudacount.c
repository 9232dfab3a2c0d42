/*
 * cudacount: counts the CUDA runtime calls a process makes, to see where a GPU training step's host time goes.
 *
 *   LD_PRELOAD=/path/libcudacount.so CUDACOUNT_OUT=counts.jsonl PROGRAM ...
 *
 * Preloaded, it defines the CUDA runtime's kernel-launch, copy, synchronisation and allocation entry points; the
 * dynamic linker binds libtorch's calls to these, which count and forward to the real libcudart. At exit it appends
 * one JSON line of totals to $CUDACOUNT_OUT (stderr when unset); processes it starts are not counted (it takes itself
 * out of the LD_PRELOAD they inherit). Counts per training step come from two runs that
 * differ only in their number of steps (see count.sh): everything before and after the steps cancels.
 *
 * What is counted: calls through the dynamically linked CUDA runtime, i.e. libtorch's own kernels (element-wise,
 * reductions, indexing, softmax, the optimisers, attention) and its copies and synchronisations. cuBLAS and cuDNN
 * carry their own static runtime, so matrix products inside them are not counted; that is the same for any two
 * programs on one libtorch. "intercepted": false in the output means the process never called these through the
 * dynamic runtime (a libtorch linked to a static CUDA runtime, or a CPU run).
 *
 * No CUDA headers needed: the few types below match the CUDA runtime's ABI (cudaError_t and enums are ints, dim3 is
 * three unsigned ints passed by value, streams and events are pointers).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int cudaError_t;
typedef struct { unsigned x, y, z; } dim3;
typedef void *cudaStream_t;
typedef void *cudaEvent_t;

enum { LAUNCH, LAUNCH_EX, LAUNCH_COOP, COPY_H2H, COPY_H2D, COPY_D2H, COPY_D2D, COPY_DEFAULT, COPY_SYNC, MEMSET,
       SYNC_STREAM, SYNC_DEVICE, SYNC_EVENT, MALLOC, FREE, NCOUNTERS };
static const char *names[NCOUNTERS] = {
    "launch", "launch_ex", "launch_cooperative", "copy_host_to_host", "copy_host_to_device", "copy_device_to_host",
    "copy_device_to_device", "copy_default_kind", "copy_synchronous", "memset", "stream_synchronize",
    "device_synchronize", "event_synchronize", "malloc", "free"};
static unsigned long long counts[NCOUNTERS];

static void count(int which) { __atomic_fetch_add(&counts[which], 1ULL, __ATOMIC_RELAXED); }

static void count_copy(int kind)
{   /* cudaMemcpyKind: 0 host→host, 1 host→device, 2 device→host, 3 device→device, 4 default (inferred by the driver) */
    count(kind >= 0 && kind <= 4 ? COPY_H2H + kind : COPY_DEFAULT);
}

/* The real libcudart, for libraries loaded after this one with RTLD_LOCAL (as .NET and Python load libtorch),
   where RTLD_NEXT does not look. */
static int find_cudart(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    if (info->dlpi_name && strstr(info->dlpi_name, "libcudart")) {
        *(void **)data = dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
        return *(void **)data != NULL;
    }
    return 0;
}

static void *real(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (f) return f;
    void *cudart = NULL;
    dl_iterate_phdr(find_cudart, &cudart);
    f = cudart ? dlsym(cudart, name) : NULL;
    if (!f) fprintf(stderr, "cudacount: cannot find the real %s (no libcudart loaded?)\n", name);
    return f;
}

/* FORWARD(name, (params), (args), counting): defines name; each call runs `counting`, then the real name. */
#define FORWARD(name, params, args, counting)                                      \
    cudaError_t name params                                                        \
    {                                                                              \
        static cudaError_t (*next) params;                                        \
        if (!next) next = (cudaError_t (*) params)real(#name);                    \
        counting;                                                                  \
        return next ? next args : 999; /* cudaErrorUnknown */                      \
    }

#define LAUNCH_PARAMS (const void *func, dim3 grid, dim3 block, void **args, size_t shared, cudaStream_t stream)
#define LAUNCH_ARGS (func, grid, block, args, shared, stream)
FORWARD(cudaLaunchKernel, LAUNCH_PARAMS, LAUNCH_ARGS, count(LAUNCH))
FORWARD(cudaLaunchKernel_ptsz, LAUNCH_PARAMS, LAUNCH_ARGS, count(LAUNCH))
FORWARD(cudaLaunchCooperativeKernel, LAUNCH_PARAMS, LAUNCH_ARGS, count(LAUNCH_COOP))
FORWARD(cudaLaunchKernelExC, (const void *config, const void *func, void **args), (config, func, args), count(LAUNCH_EX))
FORWARD(cudaLaunchKernelExC_ptsz, (const void *config, const void *func, void **args), (config, func, args), count(LAUNCH_EX))

#define COPY_ASYNC_PARAMS (void *dst, const void *src, size_t n, int kind, cudaStream_t stream)
FORWARD(cudaMemcpyAsync, COPY_ASYNC_PARAMS, (dst, src, n, kind, stream), count_copy(kind))
FORWARD(cudaMemcpyAsync_ptsz, COPY_ASYNC_PARAMS, (dst, src, n, kind, stream), count_copy(kind))
FORWARD(cudaMemcpy, (void *dst, const void *src, size_t n, int kind), (dst, src, n, kind), (count_copy(kind), count(COPY_SYNC)))
FORWARD(cudaMemcpy_ptds, (void *dst, const void *src, size_t n, int kind), (dst, src, n, kind), (count_copy(kind), count(COPY_SYNC)))
FORWARD(cudaMemsetAsync, (void *p, int value, size_t n, cudaStream_t stream), (p, value, n, stream), count(MEMSET))
FORWARD(cudaMemsetAsync_ptsz, (void *p, int value, size_t n, cudaStream_t stream), (p, value, n, stream), count(MEMSET))

FORWARD(cudaStreamSynchronize, (cudaStream_t stream), (stream), count(SYNC_STREAM))
FORWARD(cudaStreamSynchronize_ptsz, (cudaStream_t stream), (stream), count(SYNC_STREAM))
FORWARD(cudaDeviceSynchronize, (void), (), count(SYNC_DEVICE))
FORWARD(cudaEventSynchronize, (cudaEvent_t event), (event), count(SYNC_EVENT))
FORWARD(cudaMalloc, (void **p, size_t n), (p, n), count(MALLOC))
FORWARD(cudaFree, (void *p), (p), count(FREE))

/* Child processes (nvidia-smi, a shell) would inherit LD_PRELOAD and append lines of their own: drop this library
   from the environment they inherit, before the program (or .NET, or Python) reads it. */
__attribute__((constructor)) static void not_for_children(void)
{
    const char *preload = getenv("LD_PRELOAD");
    char copy[4096], kept[4096] = "";
    size_t n = 0;
    if (!preload || strlen(preload) >= sizeof copy) return;
    strcpy(copy, preload);
    char *save = NULL;
    for (char *entry = strtok_r(copy, " :", &save); entry; entry = strtok_r(NULL, " :", &save)) {
        const char *base = strrchr(entry, '/');
        if (strcmp(base ? base + 1 : entry, "libcudacount.so") == 0) continue;
        n += (size_t)snprintf(kept + n, sizeof kept - n, "%s%s", n ? ":" : "", entry);
    }
    if (n) setenv("LD_PRELOAD", kept, 1); else unsetenv("LD_PRELOAD");
}

__attribute__((destructor)) static void report(void)
{
    char line[2048];
    unsigned long long total = 0;
    int n = snprintf(line, sizeof line, "{\"pid\": %d", (int)getpid());
    for (int i = 0; i < NCOUNTERS; i++) {
        n += snprintf(line + n, sizeof line - n, ", \"%s\": %llu", names[i], counts[i]);
        total += counts[i];
    }
    n += snprintf(line + n, sizeof line - n, ", \"intercepted\": %s}\n", total ? "true" : "false");
    const char *out = getenv("CUDACOUNT_OUT");
    int fd = out && *out ? open(out, O_WRONLY | O_CREAT | O_APPEND, 0644) : 2;
    if (fd < 0) { perror("cudacount: CUDACOUNT_OUT"); return; }
    if (write(fd, line, n) != n) perror("cudacount: write");   /* one O_APPEND write: whole lines even if runs overlap */
    if (fd != 2) close(fd);
}
