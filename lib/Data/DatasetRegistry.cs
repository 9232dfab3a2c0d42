using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeqRecLab.Data;

/// <summary>
/// The registered datasets, read from <c>data/registry.json</c> (embedded in the library, so it also works from the
/// NuGet package). Names are matched ignoring case.
/// </summary>
public static class DatasetRegistry
{
    /// <summary>Manifest name of the embedded copy of <c>data/registry.json</c>.</summary>
    public const string ResourceName = "SeqRecLab.data.registry.json";

    private static readonly Lazy<IReadOnlyList<DatasetInfo>> Embedded = new(() =>
    {
        using var stream = typeof(DatasetRegistry).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(DatasetRegistry).Assembly.GetName().Name}");
        return Parse(stream);
    });

    /// <summary>Every registered dataset, in registry order.</summary>
    public static IReadOnlyList<DatasetInfo> All => Embedded.Value;

    /// <summary>Registered names, in registry order.</summary>
    public static IReadOnlyList<string> Names => All.Select(d => d.Name).ToList();

    /// <summary>The dataset called <paramref name="name"/> (ignoring case); an unknown name throws, listing the known names.</summary>
    public static DatasetInfo Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGet(name, out var info)
            ? info!
            : throw new ArgumentException($"unknown dataset '{name}'; known datasets: {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>Looks <paramref name="name"/> up (ignoring case).</summary>
    public static bool TryGet(string name, out DatasetInfo? info)
    {
        info = All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        return info is not null;
    }

    /// <summary>Parses a registry JSON document (the format of <c>data/registry.json</c>) and checks every entry.</summary>
    public static IReadOnlyList<DatasetInfo> Parse(Stream json)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            Converters = { new JsonStringEnumConverter() },
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        var doc = JsonSerializer.Deserialize<RegistryDocument>(json, options)
            ?? throw new InvalidDataException("registry.json is empty");
        var list = doc.Datasets ?? throw new InvalidDataException("registry.json has no 'datasets' array");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in list)
        {
            if (string.IsNullOrWhiteSpace(d.Name)) throw new InvalidDataException("registry.json: an entry has no name");
            if (!seen.Add(d.Name)) throw new InvalidDataException($"registry.json: duplicate name '{d.Name}'");
            if (d.Files is null || d.Files.Count == 0) throw new InvalidDataException($"registry.json: '{d.Name}' has no files");
            if (d.Recipe is null) throw new InvalidDataException($"registry.json: '{d.Name}' has no recipe");
            d.Recipe.Validate();
            foreach (var f in d.Files)
            {
                if (f.Sha256 is not null && (f.Sha256.Length != 64 || !f.Sha256.All(Uri.IsHexDigit) || f.Sha256 != f.Sha256.ToLowerInvariant()))
                    throw new InvalidDataException($"registry.json: '{d.Name}' file {f.FileName}: sha256 must be 64 lower-case hex digits or null");
                if (f.Unpack == Unpack.Zip && string.IsNullOrEmpty(f.Member))
                    throw new InvalidDataException($"registry.json: '{d.Name}' file {f.FileName}: zip files need a member");
            }
        }
        return list;
    }

    private sealed record RegistryDocument(int Version, List<DatasetInfo>? Datasets);
}
