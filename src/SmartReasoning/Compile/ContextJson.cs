using System.Text;
using System.Text.Json;

namespace SmartReasoning.Compile;

/// <summary>Writes a <see cref="LongitudinalContext"/> as JSON by hand (no reflection): stable property order, dates as ISO 8601.</summary>
public static class ContextJson
{
    public static string Write(LongitudinalContext context, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            Write(context, writer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void Write(LongitudinalContext context, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("asOf", context.AsOf);
        writer.WritePropertyName("demographics");
        if (context.Demographics is { } d)
        {
            writer.WriteStartObject();
            if (d.AgeYears is { } age) writer.WriteNumber("ageYears", age); else writer.WriteNull("ageYears");
            WriteOptional(writer, "sex", d.Sex);
            writer.WriteBoolean("deceased", d.Deceased);
            WriteDate(writer, "deceasedOn", d.DeceasedOn);
            WriteSources(writer, d.Sources);
            writer.WriteEndObject();
        }
        else writer.WriteNullValue();

        WriteArray(writer, "problems", context.Problems, (w, p) =>
        {
            WriteCode(w, "code", p.Code);
            WriteOptional(w, "clinicalStatus", p.ClinicalStatus);
            w.WriteBoolean("active", p.IsActive);
            WriteDate(w, "onset", p.Onset);
            WriteDate(w, "abatement", p.Abatement);
            WriteSources(w, p.Sources);
        });
        WriteArray(writer, "medications", context.Medications, (w, m) =>
        {
            WriteCode(w, "medication", m.Medication);
            WriteOptional(w, "status", m.Status);
            WriteDate(w, "start", m.Start);
            WriteOptional(w, "dose", m.Dose);
            WriteSources(w, m.Sources);
        });
        WriteArray(writer, "allergies", context.Allergies, (w, a) =>
        {
            WriteCode(w, "substance", a.Substance);
            WriteOptional(w, "criticality", a.Criticality);
            WriteOptional(w, "clinicalStatus", a.ClinicalStatus);
            w.WriteStartArray("reactions");
            foreach (var reaction in a.Reactions) w.WriteStringValue(reaction);
            w.WriteEndArray();
            WriteDate(w, "recorded", a.Recorded);
            WriteSources(w, a.Sources);
        });
        WriteArray(writer, "labs", context.Labs, WriteSeries);
        WriteArray(writer, "vitals", context.Vitals, WriteSeries);
        WriteArray(writer, "otherObservations", context.OtherObservations, WriteSeries);
        WriteArray(writer, "findings", context.Findings, (w, f) =>
        {
            WriteCode(w, "code", f.Code);
            w.WriteString("category", f.Category);
            w.WriteString("value", f.Value);
            w.WriteString("time", f.Time);
            w.WriteNumber("count", f.Count);
            WriteSources(w, f.Sources);
        });
        WriteArray(writer, "timeline", context.Timeline, (w, t) =>
        {
            w.WriteString("kind", t.Kind);
            WriteCode(w, "what", t.What);
            WriteOptional(w, "status", t.Status);
            WriteDate(w, "start", t.Start);
            WriteDate(w, "end", t.End);
            WriteSources(w, t.Sources);
        });
        WriteArray(writer, "immunizations", context.Immunizations, (w, i) =>
        {
            WriteCode(w, "vaccine", i.Vaccine);
            WriteDate(w, "date", i.Date);
            WriteSources(w, i.Sources);
        });
        WriteArray(writer, "missing", context.Missing, (w, m) =>
        {
            w.WriteString("what", m.What);
            w.WriteString("reason", m.Reason);
            if (m.HttpStatus is { } status) w.WriteNumber("httpStatus", status);
        });
        writer.WriteNumber("excludedRecords", context.ExcludedRecords);
        writer.WriteEndObject();
    }

    private static void WriteSeries(Utf8JsonWriter w, ObservationSeries series)
    {
        WriteCode(w, "code", series.Code);
        w.WriteString("unit", series.Unit);
        w.WriteString("category", series.Category);
        var s = series.Statistics;
        w.WriteStartObject("statistics");
        WritePoint(w, "latest", s.Latest);
        if (s.Previous is { } previous) WritePoint(w, "previous", previous);
        WritePoint(w, "min", s.Min);
        WritePoint(w, "max", s.Max);
        if (s.ChangePerYear is { } change) w.WriteNumber("changePerYear", change);
        w.WriteNumber("daysSinceLatest", Math.Round(s.SinceLatest.TotalDays, 1));
        w.WriteNumber("abnormalCount", s.AbnormalCount);
        w.WriteEndObject();
        w.WriteStartArray("points");
        foreach (var point in series.Points)
        {
            w.WriteStartObject();
            WritePointBody(w, point);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WritePoint(Utf8JsonWriter w, string name, SeriesPoint point)
    {
        w.WriteStartObject(name);
        WritePointBody(w, point);
        w.WriteEndObject();
    }

    private static void WritePointBody(Utf8JsonWriter w, SeriesPoint point)
    {
        w.WriteString("time", point.Time);
        w.WriteNumber("value", point.Value);
        WriteOptional(w, "flag", point.Flag);
        WriteSources(w, point.Sources);
    }

    private static void WriteArray<T>(Utf8JsonWriter writer, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> body)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            body(writer, item);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteCode(Utf8JsonWriter w, string name, ClinicalCode code)
    {
        w.WriteStartObject(name);
        WriteOptional(w, "system", code.System);
        WriteOptional(w, "code", code.Code);
        w.WriteString("display", code.Display);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v) w.WriteString(name, v);
    }

    private static void WriteSources(Utf8JsonWriter w, IReadOnlyList<string> sources)
    {
        w.WriteStartArray("sources");
        foreach (var source in sources) w.WriteStringValue(source);
        w.WriteEndArray();
    }
}
