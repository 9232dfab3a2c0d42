using System.Globalization;
using System.Text.Json;

namespace SeqRecLab.Data;

/// <summary>
/// Readers for interaction files. Each returns the interactions lazily in file order. Blank lines are skipped.
/// A malformed line throws <see cref="InvalidDataException"/> naming the file and the 1-based line number, e.g.
/// <c>ratings.dat line 17: expected 4 fields separated by '::'; got 3</c>.
/// Files without time get a running counter (1, 2, 3, … in file order) as timestamp, so chronological order is
/// file order. Files without ratings get <see cref="float.NaN"/> as rating. Every interaction carries its
/// <see cref="Interaction.Origin"/> (file name and line), so that later steps can name where a bad value came from.
/// </summary>
public static class Readers
{
    /// <summary>Reads the file at <paramref name="path"/> in <paramref name="format"/>; the error messages use its file name.</summary>
    public static IEnumerable<Interaction> Read(string path, DataFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no such file: {path}", path);
        return ReadFile(path, format);
    }

    private static IEnumerable<Interaction> ReadFile(string path, DataFormat format)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        foreach (var x in Read(reader, format, Path.GetFileName(path)))
            yield return x;
    }

    /// <summary>Reads text from <paramref name="reader"/> in <paramref name="format"/>; <paramref name="sourceName"/> names it in error messages.</summary>
    public static IEnumerable<Interaction> Read(TextReader reader, DataFormat format, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return format switch
        {
            DataFormat.MovieLensDat => MovieLensDat(reader, sourceName),
            DataFormat.MovieLensCsv => MovieLensCsv(reader, sourceName),
            DataFormat.UserItemPairs => UserItemPairs(reader, sourceName),
            DataFormat.UserItemLines => UserItemLines(reader, sourceName),
            DataFormat.ItemLines => ItemLines(reader, sourceName),
            DataFormat.GenericCsv => GenericCsv(reader, sourceName),
            DataFormat.AmazonRatingsCsv => AmazonRatingsCsv(reader, sourceName),
            DataFormat.AmazonReviewsJson => AmazonReviewsJson(reader, sourceName),
            DataFormat.GowallaCheckins => GowallaCheckins(reader, sourceName),
            DataFormat.YelpReviewsJson => YelpReviewsJson(reader, sourceName),
            DataFormat.BookingCsv => BookingCsv(reader, sourceName),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, $"format must be one of {string.Join(", ", Enum.GetNames<DataFormat>())}"),
        };
    }

    /// <summary>Reads a string (for small examples and tests); <paramref name="sourceName"/> names it in error messages.</summary>
    public static IEnumerable<Interaction> ReadString(string text, DataFormat format, string sourceName = "<string>") =>
        Read(new StringReader(text), format, sourceName);

    private static InvalidDataException Bad(string src, long line, string message) => new($"{src} line {line}: {message}");

    private static IEnumerable<(long No, string Text)> Lines(TextReader reader)
    {
        long no = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            no++;
            if (!string.IsNullOrWhiteSpace(line)) yield return (no, line);
        }
    }

    private static string Id(string field, string what, string src, long no)
    {
        var s = field.Trim();
        return s.Length > 0 ? s : throw Bad(src, no, $"empty {what} id");
    }

    private static float Rating(string field, string src, long no) =>
        float.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && !float.IsNaN(r)
            ? r : throw Bad(src, no, $"rating '{field}' is not a number");

    private static long Seconds(string field, string src, long no)
    {
        var s = field.Trim();
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)) return t;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return (long)Math.Floor(d);
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dt))
            return dt.ToUnixTimeSeconds();
        throw Bad(src, no, $"timestamp '{field}' is neither an integer, a number nor a date");
    }

    /// <summary>Splits one CSV line on <paramref name="sep"/>; double quotes group a field (a doubled quote inside is a literal quote).</summary>
    internal static List<string> SplitCsv(string line, char sep = ',')
    {
        var parts = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == sep) { parts.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(c);
        }
        parts.Add(cur.ToString());
        return parts;
    }

    private static IEnumerable<Interaction> MovieLensDat(TextReader reader, string src)
    {
        foreach (var (no, line) in Lines(reader))
        {
            var f = line.Split("::");
            if (f.Length != 4) throw Bad(src, no, $"expected 4 fields separated by '::'; got {f.Length}");
            yield return new Interaction(Id(f[0], "user", src, no), Id(f[1], "item", src, no), Seconds(f[3], src, no), Rating(f[2], src, no)) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> MovieLensCsv(TextReader reader, string src)
    {
        bool header = true;
        foreach (var (no, line) in Lines(reader))
        {
            var f = SplitCsv(line);
            if (header)
            {
                header = false;
                var names = f.Select(x => x.Trim().ToLowerInvariant()).ToArray();
                if (names.Length < 4 || names[0] != "userid" || names[1] != "movieid" || names[2] != "rating" || names[3] != "timestamp")
                    throw Bad(src, no, $"expected the header 'userId,movieId,rating,timestamp'; got '{line}'");
                continue;
            }
            if (f.Count != 4) throw Bad(src, no, $"expected 4 fields separated by ','; got {f.Count}");
            yield return new Interaction(Id(f[0], "user", src, no), Id(f[1], "item", src, no), Seconds(f[3], src, no), Rating(f[2], src, no)) { Origin = new(src, no) };
        }
    }

    private static readonly char[] Space = [' ', '\t'];

    private static IEnumerable<Interaction> UserItemPairs(TextReader reader, string src)
    {
        long t = 0;
        foreach (var (no, line) in Lines(reader))
        {
            var f = line.Split(Space, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 2) throw Bad(src, no, $"expected 2 fields 'user item' separated by spaces; got {f.Length}");
            yield return new Interaction(f[0], f[1], ++t) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> UserItemLines(TextReader reader, string src)
    {
        long t = 0;
        foreach (var (no, line) in Lines(reader))
        {
            var f = line.Split(Space, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2) throw Bad(src, no, "expected a user id followed by at least one item id ('user item item …')");
            for (int k = 1; k < f.Length; k++) yield return new Interaction(f[0], f[k], ++t) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> ItemLines(TextReader reader, string src)
    {
        long t = 0;
        foreach (var (no, line) in Lines(reader))
        {
            var user = no.ToString(CultureInfo.InvariantCulture);
            foreach (var item in line.Split(Space, StringSplitOptions.RemoveEmptyEntries))
                yield return new Interaction(user, item, ++t) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> GenericCsv(TextReader reader, string src)
    {
        bool first = true;
        foreach (var (no, line) in Lines(reader))
        {
            var f = SplitCsv(line);
            if (first)
            {
                first = false;
                // a header is a first line whose third field is not a time value
                if (f.Count >= 3 && !long.TryParse(f[2].Trim(), out _) && !double.TryParse(f[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    && !DateTimeOffset.TryParse(f[2].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                    continue;
            }
            if (f.Count != 3 && f.Count != 4) throw Bad(src, no, $"expected 3 or 4 fields 'user,item,timestamp[,rating]'; got {f.Count}");
            yield return new Interaction(Id(f[0], "user", src, no), Id(f[1], "item", src, no), Seconds(f[2], src, no),
                f.Count == 4 ? Rating(f[3], src, no) : float.NaN) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> AmazonRatingsCsv(TextReader reader, string src)
    {
        foreach (var (no, line) in Lines(reader))
        {
            var f = SplitCsv(line);
            if (f.Count != 4) throw Bad(src, no, $"expected 4 fields 'user,item,rating,timestamp'; got {f.Count}");
            yield return new Interaction(Id(f[0], "user", src, no), Id(f[1], "item", src, no), Seconds(f[3], src, no), Rating(f[2], src, no)) { Origin = new(src, no) };
        }
    }

    private static JsonElement JsonLine(string line, string src, long no)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Bad(src, no, $"not a JSON object ({e.Message})");
        }
    }

    private static string JsonText(JsonElement o, string name, string src, long no)
    {
        if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(name, out var v))
            throw Bad(src, no, $"missing field '{name}'");
        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(s) ? throw Bad(src, no, $"field '{name}' is empty or not a string/number") : s!;
    }

    private static IEnumerable<Interaction> AmazonReviewsJson(TextReader reader, string src)
    {
        foreach (var (no, line) in Lines(reader))
        {
            var o = JsonLine(line, src, no);
            float rating = o.ValueKind == JsonValueKind.Object && o.TryGetProperty("overall", out _) ? Rating(JsonText(o, "overall", src, no), src, no) : float.NaN;
            yield return new Interaction(JsonText(o, "reviewerID", src, no), JsonText(o, "asin", src, no),
                Seconds(JsonText(o, "unixReviewTime", src, no), src, no), rating) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> YelpReviewsJson(TextReader reader, string src)
    {
        foreach (var (no, line) in Lines(reader))
        {
            var o = JsonLine(line, src, no);
            var date = JsonText(o, "date", src, no);
            if (!DateTime.TryParseExact(date, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dt))
                throw Bad(src, no, $"date '{date}' is not 'yyyy-MM-dd HH:mm:ss'");
            yield return new Interaction(JsonText(o, "user_id", src, no), JsonText(o, "business_id", src, no),
                new DateTimeOffset(dt, TimeSpan.Zero).ToUnixTimeSeconds(), Rating(JsonText(o, "stars", src, no), src, no)) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> GowallaCheckins(TextReader reader, string src)
    {
        foreach (var (no, line) in Lines(reader))
        {
            var f = line.Split('\t');
            if (f.Length != 5) throw Bad(src, no, $"expected 5 tab-separated fields 'user time latitude longitude location'; got {f.Length}");
            if (!DateTimeOffset.TryParse(f[1].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dt))
                throw Bad(src, no, $"time '{f[1]}' is not an ISO-8601 date");
            yield return new Interaction(Id(f[0], "user", src, no), Id(f[4], "location", src, no), dt.ToUnixTimeSeconds()) { Origin = new(src, no) };
        }
    }

    private static IEnumerable<Interaction> BookingCsv(TextReader reader, string src)
    {
        int user = -1, item = -1, time = -1, width = 0;
        bool header = true;
        foreach (var (no, line) in Lines(reader))
        {
            var f = SplitCsv(line);
            if (header)
            {
                header = false;
                var names = f.Select(x => x.Trim().ToLowerInvariant()).ToList();
                user = names.IndexOf("utrip_id"); item = names.IndexOf("city_id"); time = names.IndexOf("checkin"); width = names.Count;
                if (user < 0 || item < 0 || time < 0)
                    throw Bad(src, no, $"expected a header with the columns utrip_id, city_id and checkin; got '{line}'");
                continue;
            }
            if (f.Count != width) throw Bad(src, no, $"expected {width} fields separated by ','; got {f.Count}");
            var city = Id(f[item], "city", src, no);
            if (city == "0") continue; // concealed target of the test set
            if (!DateTime.TryParseExact(f[time].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dt))
                throw Bad(src, no, $"checkin '{f[time]}' is not 'yyyy-MM-dd'");
            yield return new Interaction(Id(f[user], "trip", src, no), city, new DateTimeOffset(dt, TimeSpan.Zero).ToUnixTimeSeconds()) { Origin = new(src, no) };
        }
    }
}
