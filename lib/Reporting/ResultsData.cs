using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SeqRecLab.Reporting;

/// <summary>
/// What a notebook run recorded (see <see cref="Results"/>): its name, device, datasets, effective parameters and
/// metric values. Serialised as one JSON object with the keys <c>notebook</c>, <c>device</c>, <c>datasets</c>,
/// <c>parameters</c>, <c>metrics</c> in that order, every nested object's keys sorted ordinally, NaN and ±∞ written
/// as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
/// </summary>
public sealed class ResultsData
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // readable names such as "SASRec · full ranking · NDCG@10" (the file is UTF-8 JSON, never embedded in HTML)
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The name given to <see cref="Results.Start"/>; null when recording began without it.</summary>
    public string? Notebook { get; set; }

    /// <summary>The device the run used, e.g. <c>cpu</c> or <c>cuda (NVIDIA H100)</c>.</summary>
    public string? Device { get; set; }

    /// <summary>Per dataset name, its statistics (users, items, interactions …).</summary>
    public Dictionary<string, Dictionary<string, JsonNode?>> Datasets { get; } = new();

    /// <summary>Effective parameters, name → value.</summary>
    public Dictionary<string, JsonNode?> Parameters { get; } = new();

    /// <summary>Recorded values, name → value.</summary>
    public Dictionary<string, double> Metrics { get; } = new();

    /// <summary>The JSON text described in the class remarks.</summary>
    public string ToJsonString()
    {
        var root = new JsonObject
        {
            ["notebook"] = Notebook,
            ["device"] = Device,
            ["datasets"] = Sorted(Datasets.ToDictionary(d => d.Key, d => (JsonNode?)Sorted(d.Value))),
            ["parameters"] = Sorted(Parameters),
            ["metrics"] = Sorted(Metrics.ToDictionary(m => m.Key, m => (JsonNode?)JsonValue.Create(m.Value))),
        };
        return root.ToJsonString(JsonOptions) + "\n";
    }

    /// <summary>Parses the text written by <see cref="ToJsonString"/>.</summary>
    public static ResultsData Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("results JSON must be an object");
        var data = new ResultsData { Notebook = (string?)root["notebook"], Device = (string?)root["device"] };
        foreach (var (name, stats) in root["datasets"]?.AsObject() ?? new JsonObject())
            data.Datasets[name] = stats!.AsObject().ToDictionary(s => s.Key, s => s.Value?.DeepClone());
        foreach (var (name, value) in root["parameters"]?.AsObject() ?? new JsonObject())
            data.Parameters[name] = value?.DeepClone();
        foreach (var (name, value) in root["metrics"]?.AsObject() ?? new JsonObject())
            data.Metrics[name] = ReadDouble(value!);
        return data;
    }

    /// <summary>Reads and parses a results file.</summary>
    public static ResultsData Read(string path) => Parse(File.ReadAllText(path));

    /// <summary>A deep copy.</summary>
    public ResultsData Clone() => Parse(ToJsonString());

    /// <summary>Any value as JSON (enums by name, TimeSpans as <c>hh:mm:ss</c>), so that a value that cannot be written fails when recorded.</summary>
    internal static JsonNode? ToNode(object? value) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), JsonOptions);

    static JsonObject Sorted(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var o = new JsonObject();
        foreach (var key in values.Keys.OrderBy(k => k, StringComparer.Ordinal))
            o[key] = values[key]?.DeepClone();
        return o;
    }

    static double ReadDouble(JsonNode node) => node.GetValueKind() == JsonValueKind.String
        ? double.Parse((string)node!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : (double)node;
}
