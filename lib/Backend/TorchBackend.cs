using System.Reflection;
using System.Runtime.InteropServices;
using SeqRecLab.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Backend;

/// <summary>
/// Loads TorchSharp's native libraries the same way everywhere (an app, a test run, our notebook executor,
/// Polyglot Notebooks) and chooses the device. Call <see cref="Initialize"/> before the first tensor.
/// </summary>
/// <remarks>
/// <para>Where libtorch comes from, first match wins:</para>
/// <list type="number">
/// <item><c>LIBTORCH_DIR</c>: a folder holding <c>libtorch.so</c>, e.g. a PyTorch install's <c>torch/lib</c> (CUDA with no extra package).</item>
/// <item>The application folder, when a build copied libtorch there (TorchSharp-cpu/-cuda package references in an app or test).</item>
/// <item>The <c>libtorch-cpu-linux-x64</c> package in the NuGet cache (notebooks, which run from the package cache).</item>
/// </list>
/// <para>On Linux systems whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04), TorchSharp 0.107.0's
/// <c>libLibTorchSharp.so</c> fails to load because it asks for <c>GLIBCXX_3.4.32</c>, for one symbol that is never
/// called. Only there, a copy with that one requirement marked weak is written to the project's own cache folder
/// (<see cref="NativeCacheFolder"/>) and loaded instead. Nothing outside that folder is modified.</para>
/// </remarks>
public static class TorchBackend
{
    /// <summary>The libstdc++ versions that may be marked weak: each one checked to guard only symbols TorchSharp never calls.</summary>
    static readonly string[] SafeToWeaken = ["GLIBCXX_3.4.32"];
    const string LibTorchCpuPackage = "libtorch-cpu-linux-x64";
    const string LibTorchVersion = "2.10.0";
    static readonly object Gate = new();
    static BackendInfo? info;

    /// <summary>The device chosen by <see cref="Initialize"/>.</summary>
    public static Device Device => (info ?? Initialize()).Device;

    /// <summary>What <see cref="Initialize"/> found; initialises on first use.</summary>
    public static BackendInfo Info => info ?? Initialize();

    /// <summary>
    /// The folder where the patched <c>libLibTorchSharp.so</c> is kept: <c>$SEQREC_NATIVE_CACHE</c> if set,
    /// else <c>$XDG_CACHE_HOME/seqreclab/native</c>, else <c>~/.cache/seqreclab/native</c>.
    /// </summary>
    public static string NativeCacheFolder =>
        Environment.GetEnvironmentVariable("SEQREC_NATIVE_CACHE") is { Length: > 0 } d ? d
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "seqreclab", "native");

    /// <summary>
    /// Loads the native libraries (once per process) and chooses the device.
    /// </summary>
    /// <param name="device"><c>"auto"</c> (default: CUDA when available, else CPU), <c>"cpu"</c>, <c>"cuda"</c> or
    /// <c>"cuda:N"</c>. When null, the environment variable <c>SEQREC_DEVICE</c> is used, else <c>"auto"</c>.</param>
    public static BackendInfo Initialize(string? device = null)
    {
        lock (Gate)
        {
            var requested = (device ?? Environment.GetEnvironmentVariable("SEQREC_DEVICE") ?? "auto").Trim().ToLowerInvariant();
            if (requested is not ("auto" or "cpu" or "cuda") && !requested.StartsWith("cuda:"))
                throw new ArgumentException($"device must be \"auto\", \"cpu\", \"cuda\" or \"cuda:N\"; got \"{requested}\"", nameof(device));
            var native = info?.Native ?? LoadNatives();
            bool cudaAvailable = native.CudaLoaded && cuda.is_available();
            if (requested.StartsWith("cuda") && !cudaAvailable)
                throw new InvalidOperationException($"device \"{requested}\" was asked for, but CUDA is not available ({native.Source}). " +
                    "Set LIBTORCH_DIR to a CUDA libtorch (e.g. a PyTorch install's torch/lib) or reference TorchSharp-cuda-linux.");
            var chosen = requested switch
            {
                "cpu" => CPU,
                "auto" => cudaAvailable ? CUDA : CPU,
                _ => torch.device(requested),
            };
            info = new BackendInfo(native, chosen, chosen.type == DeviceType.CUDA ? NvidiaSmi.GpuName() : null);
            return info;
        }
    }

    static NativeLoad LoadNatives()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            // Windows and macOS: TorchSharp's own loading works there as shipped.
            torch.InitializeDeviceType(DeviceType.CPU);
            bool c = torch.TryInitializeDeviceType(DeviceType.CUDA);
            return new NativeLoad("TorchSharp package natives", null, null, c);
        }
        var (dir, source) = FindLibTorch();
        bool hasCuda = File.Exists(Path.Combine(dir, "libtorch_cuda.so"));
        foreach (var lib in new[] { "libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so" })
        {
            var p = Path.Combine(dir, lib);
            if (File.Exists(p)) NativeLibrary.Load(p);
        }
        var original = FindLibTorchSharp(dir);
        string? patched = null;
        if (!NativeLibrary.TryLoad(original, out _))
        {
            var reason = LoadError(original);
            var missing = SafeToWeaken.Where(v => reason.Contains($"{v}' not found")).ToArray();
            if (missing.Length == 0)
                throw new DllNotFoundException($"TorchSharp's native library {original} does not load: {reason}");
            patched = PatchedCopy(original, missing);
            NativeLibrary.Load(patched);
        }
        // TorchSharp now finds libLibTorchSharp.so and libtorch by their sonames among the loaded libraries.
        torch.InitializeDeviceType(DeviceType.CPU);
        bool cudaLoaded = hasCuda && torch.TryInitializeDeviceType(DeviceType.CUDA);
        return new NativeLoad(source, dir, patched, cudaLoaded);
    }

    static (string Dir, string Source) FindLibTorch()
    {
        if (Environment.GetEnvironmentVariable("LIBTORCH_DIR") is { Length: > 0 } env)
        {
            if (!File.Exists(Path.Combine(env, "libtorch.so")))
                throw new DirectoryNotFoundException($"LIBTORCH_DIR={env} holds no libtorch.so; point it at a folder such as <python site-packages>/torch/lib");
            return (env, $"LIBTORCH_DIR={env}");
        }
        var baseDir = AppContext.BaseDirectory;
        foreach (var d in new[] { baseDir, Path.Combine(baseDir, "runtimes", "linux-x64", "native") })
            if (File.Exists(Path.Combine(d, "libtorch_cpu.so")))
                return (d, File.Exists(Path.Combine(d, "libtorch_cuda.so")) ? "libtorch (CUDA) in the application folder" : "libtorch-cpu in the application folder");
        // the packages folder TorchSharp itself was loaded from (…/torchsharp/<v>/lib/net8.0/TorchSharp.dll), then the NuGet cache
        var torchSharpDir = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";
        var packageRoots = new[] { Path.GetFullPath(Path.Combine(torchSharpDir, "..", "..", "..", "..")), NuGetPackagesFolder() }.Distinct();
        var tried = new List<string>();
        foreach (var root in packageRoots)
        {
            var pkg = Path.Combine(root, LibTorchCpuPackage, LibTorchVersion, "runtimes", "linux-x64", "native");
            tried.Add(pkg);
            if (File.Exists(Path.Combine(pkg, "libtorch_cpu.so")))
                return (pkg, $"{LibTorchCpuPackage} {LibTorchVersion} package");
        }
        throw new DllNotFoundException(
            $"libtorch was not found. Looked in LIBTORCH_DIR (unset), {baseDir}, {string.Join(", ", tried)}. " +
            $"Reference the libtorch-cpu {LibTorchVersion} package (the notebooks' setup cell does), or set LIBTORCH_DIR.");
    }

    static string FindLibTorchSharp(string libtorchDir)
    {
        const string name = "libLibTorchSharp.so";
        var torchSharpDir = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, name),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", name),
            Path.Combine(torchSharpDir, name),
            // package layout: torchsharp/<v>/lib/net8.0/TorchSharp.dll and torchsharp/<v>/runtimes/linux-x64/native/
            Path.GetFullPath(Path.Combine(torchSharpDir, "..", "..", "runtimes", "linux-x64", "native", name)),
            Path.Combine(NuGetPackagesFolder(), "torchsharp", TorchSharpVersion, "runtimes", "linux-x64", "native", name),
            Path.Combine(libtorchDir, name),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException($"{name} was not found; looked in: {string.Join(", ", candidates)}");
    }

    /// <summary>Writes (once) the copy of <paramref name="original"/> with the given versions marked weak; returns its path.</summary>
    internal static string PatchedCopy(string original, string[] versions)
    {
        // keyed by the original's size and time so that a TorchSharp upgrade gets a fresh copy
        var fi = new FileInfo(original);
        var key = $"{TorchSharpVersion}-{fi.Length}-{fi.LastWriteTimeUtc.Ticks}";
        var target = Path.Combine(NativeCacheFolder, key, "libLibTorchSharp.so");
        if (!File.Exists(target) || ElfVersionNeeds.Read(target).Any(n => versions.Contains(n.Version) && !n.Weak))
            ElfVersionNeeds.CopyWithWeakVersions(original, target, versions);
        return target;
    }

    /// <summary>The loader's reason for refusing a library (dlerror text).</summary>
    static string LoadError(string path)
    {
        try { NativeLibrary.Free(NativeLibrary.Load(path)); return "loaded on retry"; }
        catch (DllNotFoundException e) { return e.Message; }
        catch (BadImageFormatException e) { return e.Message; }
    }

    internal static string NuGetPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>TorchSharp's package version, e.g. 0.107.0.</summary>
    public static string TorchSharpVersion
    {
        get
        {
            var v = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                    ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "?";
            return v.Split('+')[0];
        }
    }
}

/// <summary>How the native libraries were loaded.</summary>
/// <param name="Source">Where libtorch came from, in words.</param>
/// <param name="LibTorchDir">The folder libtorch was loaded from (null where TorchSharp loaded it itself).</param>
/// <param name="PatchedLibTorchSharp">The patched copy of libLibTorchSharp.so, when the libstdc++ fix was needed.</param>
/// <param name="CudaLoaded">Whether the CUDA backend loaded.</param>
public sealed record NativeLoad(string Source, string? LibTorchDir, string? PatchedLibTorchSharp, bool CudaLoaded);

/// <summary>The backend report every notebook prints first.</summary>
public sealed record BackendInfo(NativeLoad Native, Device Device, string? GpuName)
{
    /// <summary>Intra-op threads libtorch uses.</summary>
    public int Threads => torch.get_num_threads();
    /// <summary>TorchSharp's version.</summary>
    public string TorchSharp => TorchBackend.TorchSharpVersion;
    /// <summary>The libtorch version TorchSharp was built against.</summary>
    public string LibTorch => torch.__version__;
    /// <summary>The instruction set libtorch's oneDNN kernels use on this CPU (<see cref="CpuIsa.Describe"/>): CPU results
    /// repeat exactly only on the same level.</summary>
    public string CpuKernels => CpuIsa.Describe();

    /// <inheritdoc />
    public override string ToString() =>
        $"device {Device}{(GpuName is null ? "" : $" ({GpuName})")}{(Device.type == DeviceType.CPU ? $" · CPU kernels {CpuKernels}" : "")} · " +
        $"threads {Threads} · TorchSharp {TorchSharp} · libtorch {LibTorch} · " +
        $"{Native.Source}{(Native.PatchedLibTorchSharp is null ? "" : " · libstdc++ fix applied")} · .NET {Environment.Version}";
}
