using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>Small constructors for the FHIR datatypes the generator writes again and again.</summary>
internal static class FhirValues
{
    public static FhirString Str(string value) => new() { Value = value };

    public static FhirUri Uri(string value) => new() { Value = value };

    public static Code CodeOf(string value) => new() { Value = value };

    public static FhirBoolean Bool(bool value) => new() { Value = value };

    public static Coding Coding(string system, string code, string display) =>
        new() { System = Uri(system), Code = CodeOf(code), Display = Str(display) };

    public static Coding Coding(Concept concept) => Coding(concept.System, concept.Code, concept.Display);

    public static CodeableConcept Concept(string system, string code, string display, string? text = null) =>
        new() { Coding = [Coding(system, code, display)], Text = text is null ? null : Str(text) };

    public static CodeableConcept Concept(Concept concept, string? text = null) => Concept(concept.System, concept.Code, concept.Display, text);

    /// <summary>A problem as EHR problem lists send it: SNOMED CT first, then ICD-10-CM, and the text.</summary>
    public static CodeableConcept ProblemConcept(Problem problem) => new()
    {
        Coding =
        [
            Coding(CodeSystems.Snomed, problem.Snomed, problem.SnomedDisplay),
            Coding(CodeSystems.Icd10Cm, problem.Icd10, problem.Icd10Display),
        ],
        Text = Str(problem.SnomedDisplay),
    };

    public static CodeableConcept DrugConcept(Drug drug) => Concept(CodeSystems.RxNorm, drug.Code, drug.Display, drug.Display);

    public static CodeableConcept LoincConcept(string code, string display) => Concept(CodeSystems.Loinc, code, display, display);

    private static readonly string[] FixedFormats = ["F0", "F1", "F2", "F3"];

    /// <summary>A decimal written with exactly <paramref name="decimals"/> places, as a lab reports it (<c>7.0</c>).</summary>
    public static FhirDecimal Decimal(double value, int decimals) =>
        new() { Text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString(FixedFormats[decimals], CultureInfo.InvariantCulture) };

    public static Quantity Quantity(double value, int decimals, string unit, string ucumCode) => new()
    {
        Value = Decimal(value, decimals),
        Unit = Str(unit),
        System = Uri(CodeSystems.Ucum),
        Code = CodeOf(ucumCode),
    };

    public static Duration Days(int days) => new()
    {
        Value = new FhirDecimal { Value = days },
        Unit = Str("days"),
        System = Uri(CodeSystems.Ucum),
        Code = CodeOf("d"),
    };

    /// <summary>A time as the sandbox writes it: UTC, to the second (<c>2024-03-05T14:30:00Z</c>).</summary>
    public static string Format(DateTime time) => string.Create(20, time, static (span, t) =>
    {
        WriteDate(span, t.Year, t.Month, t.Day);
        span[10] = 'T';
        Two(span[11..], t.Hour);
        span[13] = ':';
        Two(span[14..], t.Minute);
        span[16] = ':';
        Two(span[17..], t.Second);
        span[19] = 'Z';
    });

    /// <summary>A date as <c>yyyy-MM-dd</c>.</summary>
    public static string Format(DateOnly date) => string.Create(10, date, static (span, d) => WriteDate(span, d.Year, d.Month, d.Day));

    // Hand-written rather than ToString(format): the generator formats a few million of these for a load test.
    private static void WriteDate(Span<char> span, int year, int month, int day)
    {
        Two(span, year / 100);
        Two(span[2..], year % 100);
        span[4] = '-';
        Two(span[5..], month);
        span[7] = '-';
        Two(span[8..], day);
    }

    private static void Two(Span<char> span, int value)
    {
        span[0] = (char)('0' + value / 10);
        span[1] = (char)('0' + value % 10);
    }

    public static FhirDateTime DateTimeOf(DateTime time) => new() { Value = Format(time) };

    public static FhirDateTime DateTimeOf(DateOnly date) => new() { Value = Format(date) };

    public static Date DateOf(DateOnly date) => new() { Value = Format(date) };

    public static Instant InstantOf(DateTime time) => new() { Value = Format(time) };

    public static Period PeriodOf(DateTime start, DateTime? end) =>
        new() { Start = DateTimeOf(start), End = end is { } e ? DateTimeOf(e) : null };

    public static Period PeriodOf(DateOnly start, DateOnly? end) =>
        new() { Start = DateTimeOf(start), End = end is { } e ? DateTimeOf(e) : null };

    public static Reference Ref(string reference, string? display = null) =>
        new() { ReferenceValue = Str(reference), Display = display is null ? null : Str(display) };

    public static Meta Profiled(string profile) => new() { Profile = [new Canonical { Value = profile }] };

    public static Extension Extension(string url, Element value) => new() { Url = url, Value = value };
}
