using SmartReasoning.Compile;

namespace SmartReasoning.Server.App;

/// <summary>
/// A series the review plots, found in the compiled context by its LOINC codes, with the usual adult reference range in
/// the unit the compiler normalises to (<see cref="UnitNormalisation"/>); a series in another unit is plotted unshaded.
/// </summary>
public sealed record KeySeries(string Id, string Label, IReadOnlyList<string> Loinc, string Unit, double? Low, double? High, KeySeries? Partner = null)
{
    /// <summary>The series a clinician reviewing chronic disease looks at first, in reading order.</summary>
    public static IReadOnlyList<KeySeries> All { get; } =
    [
        new("hba1c", "HbA1c", ["4548-4", "17856-6", "59261-8", "41995-2"], "%", 4.0, 5.6),
        new("egfr", "eGFR", ["33914-3", "62238-1", "98979-8", "48642-3", "48643-1", "50044-7", "69405-9"], "mL/min/1.73m2", 60, null),
        new("creatinine", "Creatinine", ["2160-0", "38483-4", "14682-9", "59826-8"], "mg/dL", 0.6, 1.3),
        new("potassium", "Potassium", ["2823-3", "6298-4"], "mmol/L", 3.5, 5.1),
        new("ldl", "LDL cholesterol", ["13457-7", "18262-6", "2089-1"], "mg/dL", null, 100),
        new("blood-pressure", "Blood pressure (systolic)", ["8480-6"], "mm[Hg]", 90, 130,
            new KeySeries("diastolic", "Diastolic", ["8462-4"], "mm[Hg]", 60, 80)),
        new("weight", "Body weight", ["29463-7", "3141-9"], "kg", null, null),
        new("hemoglobin", "Hemoglobin", ["718-7"], "g/dL", 12.0, 17.5),
    ];

    /// <summary>The context's series for this one (labs, vitals or other observations; the one with most points when codes differ).</summary>
    public ObservationSeries? In(LongitudinalContext context) =>
        context.Labs.Concat(context.Vitals).Concat(context.OtherObservations)
            .Where(s => s.Code.Code is { } code && Loinc.Contains(code, StringComparer.Ordinal))
            .OrderByDescending(s => s.Points.Count)
            .FirstOrDefault();

    /// <summary>Whether the reference range applies to a series in <paramref name="unit"/>.</summary>
    public bool RangeApplies(string unit) => (Low is not null || High is not null) && SameUnit(unit, Unit);

    private static bool SameUnit(string a, string b) =>
        string.Equals(Canonical(a), Canonical(b), StringComparison.OrdinalIgnoreCase);

    // UCUM codes and display units differ in brackets, braces and underscores: mL/min/{1.73_m2} is mL/min/1.73m2.
    private static string Canonical(string unit) =>
        unit.Replace("mmHg", "mm[Hg]", StringComparison.OrdinalIgnoreCase).Replace("{", "").Replace("}", "").Replace("_", "").Replace(" ", "").Trim();
}
