namespace SeqRecLab.Data;

/// <summary>How a downloaded file is unpacked before reading.</summary>
public enum Unpack
{
    /// <summary>Read the downloaded file as is.</summary>
    None,
    /// <summary>Extract <see cref="DatasetFile.Member"/> from the downloaded zip archive.</summary>
    Zip,
    /// <summary>Decompress the downloaded <c>.gz</c> file (the readable file drops the <c>.gz</c> suffix).</summary>
    Gzip,
}

/// <summary>One file of a registered dataset.</summary>
/// <param name="Url">Official download address.</param>
/// <param name="FileName">Name of the downloaded file in the dataset's cache folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the downloaded file, or null when no public source gives it (then the file is "unverified").</param>
/// <param name="SizeBytes">Size of the downloaded file in bytes when known, else null.</param>
/// <param name="ChecksumSource">Where <paramref name="Sha256"/> and <paramref name="SizeBytes"/> come from (repository and path).</param>
/// <param name="Unpack">How the file is unpacked.</param>
/// <param name="Member">For <see cref="Unpack.Zip"/>, the path of the member to extract (e.g. <c>ml-1m/ratings.dat</c>).</param>
public sealed record DatasetFile(
    string Url,
    string FileName,
    string? Sha256,
    long? SizeBytes,
    string? ChecksumSource,
    Unpack Unpack = Unpack.None,
    string? Member = null)
{
    /// <summary>True when a SHA-256 is known for this file.</summary>
    public bool IsVerified => Sha256 is not null;

    /// <summary>Name of the file that the reader reads: the zip member's file name, the name without <c>.gz</c>, or <see cref="FileName"/>.</summary>
    public string ReadableFileName => Unpack switch
    {
        Unpack.Zip => Path.GetFileName(Member ?? throw new InvalidDataException($"{FileName}: zip file without a member name")),
        Unpack.Gzip => FileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? FileName[..^3] : FileName + ".unpacked",
        _ => FileName,
    };
}

/// <summary>Published statistics that a correct preprocessing should reproduce.</summary>
/// <param name="Users">Number of users.</param>
/// <param name="Items">Number of items.</param>
/// <param name="Interactions">Number of interactions.</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record ExpectedStats(long Users, long Items, long Interactions, string Source);

/// <summary>One entry of <c>data/registry.json</c>.</summary>
/// <param name="Name">Registry name, e.g. <c>ml-1m</c> (lookups ignore case).</param>
/// <param name="Title">One-line description.</param>
/// <param name="Homepage">Official page of the dataset.</param>
/// <param name="Files">Files to download (several are read in order and concatenated).</param>
/// <param name="Format">Reader for the (unpacked) files.</param>
/// <param name="Recipe">Preprocessing recipe.</param>
/// <param name="Expected">Published statistics after preprocessing, when known.</param>
/// <param name="License">Licence or terms of use, in short.</param>
/// <param name="Citation">What to cite.</param>
/// <param name="ManualDownload">When the files cannot be downloaded automatically, how to get them; else null.</param>
/// <param name="Studies">Study numbers (in <c>shared/studies</c>) that use the dataset.</param>
/// <param name="Notes">Provenance of the recipe and caveats.</param>
public sealed record DatasetInfo(
    string Name,
    string Title,
    string Homepage,
    IReadOnlyList<DatasetFile> Files,
    DataFormat Format,
    Recipe Recipe,
    ExpectedStats? Expected,
    string License,
    string Citation,
    string? ManualDownload,
    IReadOnlyList<string> Studies,
    string? Notes)
{
    /// <summary>True when every file has a known SHA-256.</summary>
    public bool IsVerified => Files.All(f => f.IsVerified);
}
