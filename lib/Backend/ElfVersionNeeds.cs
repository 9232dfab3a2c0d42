using System.Text;
using SeqRecLab.IO;

namespace SeqRecLab.Backend;

/// <summary>One version requirement of an ELF shared object (an entry of <c>.gnu.version_r</c>).</summary>
/// <param name="Library">The library the version is needed from, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Weak">Whether the entry carries <c>VER_FLG_WEAK</c>: the loader then accepts a library that lacks it.</param>
/// <param name="FlagsOffset">File offset of the entry's 16-bit <c>vna_flags</c> field.</param>
public sealed record ElfVersionNeed(string Library, string Version, bool Weak, long FlagsOffset);

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF file.
/// </summary>
/// <remarks>
/// Used for the libstdc++ problem of TorchSharp 0.107.0 on Debian 12 / Ubuntu 22.04: its
/// <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> for one symbol that is never called, so
/// the loader refuses it on systems with GCC 12's libstdc++. Marking that requirement weak
/// (<c>VER_FLG_WEAK</c>) lets glibc load it; nothing else in the file changes.
/// </remarks>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    /// <summary>ELF flag <c>VER_FLG_WEAK</c>.</summary>
    public const ushort VerFlagWeak = 0x2;

    /// <summary>Lists every version requirement of the ELF file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<ElfVersionNeed> Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Lists every version requirement of an ELF image held in memory.</summary>
    public static IReadOnlyList<ElfVersionNeed> Read(byte[] elf, string nameForErrors = "<memory>")
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{nameForErrors}: not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{nameForErrors}: only 64-bit little-endian ELF is supported");
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        var result = new List<ElfVersionNeed>();
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C); // sh_info = number of Verneed entries
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            long need = offset;
            for (int i = 0; i < count; i++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                string library = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)need + 4));
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int j = 0; j < auxCount; j++)
                {
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    string version = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    result.Add(new ElfVersionNeed(library, version, (flags & VerFlagWeak) != 0, aux + 4));
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return result;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> with the named version requirements
    /// marked weak. The copy is written under a temporary name and renamed, so a reader never sees half a file.
    /// </summary>
    /// <returns>The requirements that were changed.</returns>
    public static IReadOnlyList<ElfVersionNeed> CopyWithWeakVersions(string source, string destination, params string[] versions)
    {
        var elf = File.ReadAllBytes(source);
        var changed = new List<ElfVersionNeed>();
        foreach (var need in Read(elf, source))
        {
            if (!versions.Contains(need.Version) || need.Weak) continue;
            ushort flags = (ushort)(BitConverter.ToUInt16(elf, (int)need.FlagsOffset) | VerFlagWeak);
            BitConverter.GetBytes(flags).CopyTo(elf, need.FlagsOffset);
            changed.Add(need);
        }
        AtomicFile.WriteAllBytes(destination, elf);
        return changed;
    }

    static string CString(byte[] bytes, long start)
    {
        int end = (int)start;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, end - (int)start);
    }
}
