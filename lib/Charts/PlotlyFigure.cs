using System.Text.Json;
using System.Text.Json.Serialization;

namespace SeqRecLab.Charts;

/// <summary>
/// A plotly.js figure: a list of traces and a layout, each a dictionary keyed by plotly.js's own attribute names
/// (<see href="https://plotly.com/javascript/reference/"/>), which is all a Plotly chart is. <see cref="Plots"/> returns
/// these; a notebook cell that ends with one shows the chart (after <c>NotebookFormatters.Register()</c>), and
/// <see cref="ChartFile.SaveHtml"/> writes it as a page. The dictionaries are plain and mutable, so a figure can be
/// changed before it is shown, e.g. <c>figure.Layout["yaxis"] = new Dictionary&lt;string, object?&gt; { ["type"] = "log" }</c>.
/// </summary>
public sealed class PlotlyFigure
{
    static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new FiniteDoubleConverter(), new FiniteFloatConverter(), new AttributesConverter() },
    };

    /// <summary>A figure of <paramref name="traces"/> and <paramref name="layout"/> (both copied into new dictionaries).</summary>
    public PlotlyFigure(IEnumerable<IDictionary<string, object?>> traces, IDictionary<string, object?>? layout = null)
    {
        ArgumentNullException.ThrowIfNull(traces);
        Data = traces.Select(t => new Dictionary<string, object?>(t)).ToList();
        Layout = layout is null ? [] : new Dictionary<string, object?>(layout);
    }

    /// <summary>The traces, in drawing order (plotly.js's <c>data</c>).</summary>
    public List<Dictionary<string, object?>> Data { get; }

    /// <summary>The layout (plotly.js's <c>layout</c>): title, axes, size, legend.</summary>
    public Dictionary<string, object?> Layout { get; }

    /// <summary>The title's text, or null.</summary>
    public string? Title =>
        Layout.TryGetValue("title", out var t) && t is IDictionary<string, object?> title && title.TryGetValue("text", out var text) ? text as string : null;

    /// <summary>
    /// The figure as plotly.js JSON, <c>{"data":[...],"layout":{...}}</c>. Null attributes are left out; non-finite
    /// numbers (NaN, ±∞) are written as <c>null</c>, which plotly.js draws as a gap. The text is safe to put inside an
    /// HTML <c>&lt;script&gt;</c> element (<c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> are escaped).
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(new { data = Data, layout = Layout }, Json);

    /// <inheritdoc/>
    public override string ToString() =>
        $"Plotly figure \"{Title}\": {Data.Count} trace{(Data.Count == 1 ? "" : "s")} ({string.Join(", ", Data.Select(t => t.TryGetValue("type", out var type) ? type : "scatter").Distinct())})";

    /// <summary>Writes an attribute dictionary leaving out null values (an unset attribute, for plotly.js).</summary>
    sealed class AttributesConverter : JsonConverter<Dictionary<string, object?>>
    {
        public override Dictionary<string, object?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("figures are written, not read");
        public override void Write(Utf8JsonWriter writer, Dictionary<string, object?> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (name, attribute) in value)
            {
                if (attribute is null) continue;
                writer.WritePropertyName(name);
                JsonSerializer.Serialize(writer, attribute, attribute.GetType(), options);
            }
            writer.WriteEndObject();
        }
    }

    sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();
        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

    sealed class FiniteFloatConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();
        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
