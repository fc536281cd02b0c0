using System.Globalization;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Cli;

/// <summary>Reading the files and values commands are given, with one clear message on the error writer when they are wrong.</summary>
internal static class CommandInput
{
    /// <summary>A FHIR resource from a JSON file, parsed leniently (a chart's data is read as it is, not judged).</summary>
    public static Resource? ReadResource(string file, TextWriter error)
    {
        if (!File.Exists(file))
        {
            error.WriteLine($"No such file: {file}");
            return null;
        }
        var parsed = new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(File.ReadAllBytes(file));
        if (parsed.Value is not null) return parsed.Value;
        error.WriteLine($"{file} is not a FHIR resource:");
        foreach (var issue in parsed.Issues) error.WriteLine($"  {issue}");
        return null;
    }

    /// <summary>One patient's record: a Bundle as it is, or a single resource wrapped in a collection Bundle.</summary>
    public static Bundle? ReadRecord(string file, TextWriter error) => ReadResource(file, error) switch
    {
        null => null,
        Bundle bundle => bundle,
        var resource => new Bundle { Type = BundleType.Collection, Entry = [new Bundle.EntryComponent { Resource = resource }] },
    };

    /// <summary>An <c>--as-of</c> date (yyyy-MM-dd or a full timestamp, UTC when no offset is given); null text is "now".</summary>
    public static bool TryReadDate(string? text, string option, TextWriter error, out DateTimeOffset? date)
    {
        date = null;
        if (text is null) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            date = parsed;
            return true;
        }
        error.WriteLine($"{option} must be a date such as 2026-01-01, not '{text}'");
        return false;
    }
}
