namespace SeqRecLab.Data;

/// <summary>One-call loaders: registered datasets by name, or any local file with a format and a recipe.</summary>
public static class Datasets
{
    /// <summary>
    /// Loads the registered dataset <paramref name="name"/> (see <see cref="DatasetRegistry.Names"/>): downloads its files
    /// into <paramref name="folder"/> (default <see cref="DataCache.FolderFor"/>) unless already there with the right
    /// checksum, unpacks them, reads them in registry order and applies the registry recipe; when the registry records
    /// published counts (<see cref="DatasetInfo.Expected"/>) and the result differs, a warning with both goes to
    /// <paramref name="log"/> (<see cref="MismatchWithPublished"/>). Datasets that need a manual
    /// download (Yelp) must already be in the folder; otherwise a <see cref="DownloadException"/> says what to place where.
    /// Unknown names throw <see cref="ArgumentException"/> listing the known names. Never falls back to other data.
    /// </summary>
    /// <param name="name">Registry name (case ignored).</param>
    /// <param name="folder">Folder for this dataset's files; default <c>&lt;cache root&gt;/&lt;name&gt;</c>.</param>
    /// <param name="progress">Download progress, per file.</param>
    /// <param name="log">Where warnings go (default <see cref="Console.Error"/>).</param>
    /// <param name="downloader">Downloader to use (default: a new one with default retries).</param>
    public static SequenceDataset Load(string name, string? folder = null, IProgress<DownloadProgress>? progress = null,
        TextWriter? log = null, Downloader? downloader = null)
    {
        var info = DatasetRegistry.Get(name);
        folder = Path.GetFullPath(folder ?? DataCache.FolderFor(info.Name));
        var paths = new List<string>();
        if (info.ManualDownload is not null)
        {
            foreach (var f in info.Files)
            {
                var p = Path.Combine(folder, f.FileName);
                if (!File.Exists(p))
                    throw new DownloadException($"{info.Name} cannot be downloaded automatically: {info.ManualDownload} Place {f.FileName} in {folder}");
                paths.Add(Downloader.UnpackFile(f, p));
            }
        }
        else
        {
            var own = downloader is null;
            var dl = downloader ?? new Downloader(log: log);
            try
            {
                foreach (var f in info.Files)
                    paths.Add(Downloader.UnpackFile(f, dl.Fetch(f, folder, progress).Path));
            }
            finally
            {
                if (own) dl.Dispose();
            }
        }
        var data = Preprocess.Run(paths.SelectMany(p => Readers.Read(p, info.Format)), info.Recipe, info.Name);
        if (MismatchWithPublished(data, info) is string warning) (log ?? Console.Error).WriteLine(warning);
        return data;
    }

    /// <summary>
    /// A warning when <paramref name="data"/>'s users, items or interactions differ from the published counts that
    /// <paramref name="info"/> records (another release of the raw data, or a recipe that differs); null when they agree
    /// or none are recorded.
    /// </summary>
    public static string? MismatchWithPublished(SequenceDataset data, DatasetInfo info)
    {
        if (info.Expected is not ExpectedStats e) return null;
        long users = data.Sequences.Count, items = data.NumItems, interactions = data.Sequences.Sum(s => (long)s.Length);
        if (users == e.Users && items == e.Items && interactions == e.Interactions) return null;
        return FormattableString.Invariant($"WARNING: {info.Name} has {users:N0} users, {items:N0} items and {interactions:N0} interactions; ") +
               FormattableString.Invariant($"the published preprocessing gives {e.Users:N0}, {e.Items:N0} and {e.Interactions:N0} ({e.Source}). ") +
               "Numbers from this data are not directly comparable with the papers'.";
    }

    /// <summary>Reads a local file in <paramref name="format"/> and applies <paramref name="recipe"/> (use <see cref="Recipe.AsIs"/> for files already preprocessed with integer ids); the dataset is named after the file unless <paramref name="name"/> is given.</summary>
    /// <exception cref="InvalidDataException">A malformed line (naming the file and line), a file with no interactions,
    /// or nothing left after preprocessing.</exception>
    public static SequenceDataset LoadFile(string path, DataFormat format, Recipe recipe, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Readers.Read(path, format).Any())   // reads up to the first interaction only
            throw new InvalidDataException($"{path}: the file holds no interactions (read as {format})");
        return Preprocess.Run(Readers.Read(path, format), recipe, name ?? Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>The name that chooses the seeded synthetic dataset in <see cref="Open"/>.</summary>
    public const string Synthetic = "synthetic";

    /// <summary>
    /// The one dataset choice every notebook's <c>Dataset</c> parameter goes through, with no fallback between kinds:
    /// <c>"synthetic"</c> → <see cref="SyntheticDataset.Generate"/>(<paramref name="seed"/>, <paramref name="synthetic"/>);
    /// a registered name (<see cref="DatasetRegistry.Names"/>) → <see cref="Load"/> (downloads when needed);
    /// anything else is a path to a local file, read in <paramref name="format"/> (a <see cref="DataFormat"/> name,
    /// required for files, case ignored) with <see cref="Recipe.AsIs"/> unless <paramref name="recipe"/> is given, and
    /// named "folder/file" (e.g. <c>ml-1m-proxy/sequences</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The value is not synthetic, not registered and not an existing file, or a
    /// file comes without a valid format; the message lists the choices.</exception>
    public static SequenceDataset Open(string dataset, int seed = 0, SyntheticOptions? synthetic = null, string? format = null,
        Recipe? recipe = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        if (dataset.Equals(Synthetic, StringComparison.OrdinalIgnoreCase))
            return SyntheticDataset.Generate(seed, synthetic);
        if (DatasetRegistry.TryGet(dataset, out _))
            return Load(dataset);
        if (!File.Exists(dataset))
            throw new ArgumentException($"dataset '{dataset}' is not '{Synthetic}', not a registered dataset ({string.Join(", ", DatasetRegistry.Names)}) " +
                $"and not an existing file (relative paths start at {Directory.GetCurrentDirectory()})", nameof(dataset));
        var formats = string.Join(", ", Enum.GetNames<DataFormat>());
        if (string.IsNullOrWhiteSpace(format))
            throw new ArgumentException($"dataset '{dataset}' is a file: say how to read it with {nameof(format)} (one of {formats})", nameof(format));
        if (!Enum.TryParse<DataFormat>(format, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            throw new ArgumentException($"{nameof(format)} '{format}' is not a data format; use one of {formats}", nameof(format));
        return LoadFile(dataset, parsed, recipe ?? Recipe.AsIs, NameOfFile(dataset));
    }

    /// <summary>A file's dataset name for tables and results: its folder and its name without extension
    /// (<c>ml-1m-proxy/sequences</c>), since files are often named generically (sequences.txt, ratings.csv).</summary>
    static string NameOfFile(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        var file = Path.GetFileNameWithoutExtension(path);
        return string.IsNullOrEmpty(folder) ? file : $"{folder}/{file}";
    }
}
