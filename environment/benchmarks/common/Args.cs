// Command-line options shared by the benchmark programs (linked into each project).

/// <summary>--name value pairs.</summary>
sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] a)
    {
        var d = new Dictionary<string, string>();
        for (int i = 0; i < a.Length; i++)
        {
            if (!a[i].StartsWith("--") || i + 1 >= a.Length) throw new ArgumentException($"expected --name value pairs; got '{a[i]}'");
            d[a[i][2..]] = a[++i];
        }
        return new Args(d);
    }
    public string Get(string k, string dflt) => values.TryGetValue(k, out var v) ? v : dflt;
    public int Int(string k, int dflt) => int.Parse(Get(k, dflt.ToString()));
    public double Double(string k, double dflt) => double.Parse(Get(k, dflt.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
}
