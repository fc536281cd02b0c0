namespace SmartReasoning.Compile;

/// <summary>
/// Converts measurements of the common analytes to one unit per analyte, so that a series mixing mg/dL and mmol/L
/// (or lb and kg) is one series. The analyte is known from the LOINC code: a conversion factor is analyte-specific
/// (a mmol of glucose is not a mmol of cholesterol), so an unknown code keeps its unit.
/// </summary>
public static class UnitNormalisation
{
    private enum Analyte { Glucose, Creatinine, Cholesterol, Triglycerides, HbA1c, Weight, Height, Temperature, Electrolyte }

    private static readonly Dictionary<string, Analyte> AnalyteByLoinc = new(StringComparer.Ordinal)
    {
        ["2345-7"] = Analyte.Glucose, ["2339-0"] = Analyte.Glucose, ["41653-7"] = Analyte.Glucose, ["15074-8"] = Analyte.Glucose,
        ["14749-6"] = Analyte.Glucose, ["1558-6"] = Analyte.Glucose, ["14771-0"] = Analyte.Glucose,
        ["2160-0"] = Analyte.Creatinine, ["38483-4"] = Analyte.Creatinine, ["14682-9"] = Analyte.Creatinine, ["59826-8"] = Analyte.Creatinine,
        ["2093-3"] = Analyte.Cholesterol, ["14647-2"] = Analyte.Cholesterol, ["18262-6"] = Analyte.Cholesterol, ["2089-1"] = Analyte.Cholesterol,
        ["13457-7"] = Analyte.Cholesterol, ["22748-8"] = Analyte.Cholesterol, ["2085-9"] = Analyte.Cholesterol, ["14646-4"] = Analyte.Cholesterol,
        ["2571-8"] = Analyte.Triglycerides, ["14927-8"] = Analyte.Triglycerides,
        ["4548-4"] = Analyte.HbA1c, ["17856-6"] = Analyte.HbA1c, ["59261-8"] = Analyte.HbA1c, ["41995-2"] = Analyte.HbA1c,
        ["29463-7"] = Analyte.Weight, ["3141-9"] = Analyte.Weight,
        ["8302-2"] = Analyte.Height, ["8306-3"] = Analyte.Height,
        ["8310-5"] = Analyte.Temperature, ["8331-1"] = Analyte.Temperature,
        ["2823-3"] = Analyte.Electrolyte, ["6298-4"] = Analyte.Electrolyte, ["2951-2"] = Analyte.Electrolyte,
        ["2947-0"] = Analyte.Electrolyte, ["2075-0"] = Analyte.Electrolyte, ["2069-3"] = Analyte.Electrolyte, ["2028-9"] = Analyte.Electrolyte,
    };

    /// <summary>
    /// The value in the analyte's series unit and that unit's name; for an unknown code or unit, the value and the
    /// unit as given (its UCUM code when there is one).
    /// </summary>
    public static (double Value, string Unit) Normalise(string? loincCode, double value, string? unit)
    {
        var given = unit ?? "";
        var key = Canonical(given);
        if (loincCode is null || !AnalyteByLoinc.TryGetValue(loincCode, out var analyte)) return (value, given);
        switch (analyte)
        {
            case Analyte.Glucose:
                return key switch { "mg/dl" => (value, "mg/dL"), "mmol/l" => (value * 18.016, "mg/dL"), _ => (value, given) };
            case Analyte.Creatinine:
                return key switch { "mg/dl" => (value, "mg/dL"), "umol/l" => (value / 88.42, "mg/dL"), _ => (value, given) };
            case Analyte.Cholesterol:
                return key switch { "mg/dl" => (value, "mg/dL"), "mmol/l" => (value * 38.67, "mg/dL"), _ => (value, given) };
            case Analyte.Triglycerides:
                return key switch { "mg/dl" => (value, "mg/dL"), "mmol/l" => (value * 88.57, "mg/dL"), _ => (value, given) };
            case Analyte.HbA1c:
                // The IFCC-NGSP master equation: NGSP % = 0.09148 × IFCC mmol/mol + 2.152.
                return key switch { "%" => (value, "%"), "mmol/mol" => (value * 0.09148 + 2.152, "%"), _ => (value, given) };
            case Analyte.Weight:
                return key switch { "kg" => (value, "kg"), "lb" => (value * 0.45359237, "kg"), "g" => (value / 1000, "kg"), "oz" => (value * 0.028349523125, "kg"), _ => (value, given) };
            case Analyte.Height:
                return key switch { "cm" => (value, "cm"), "in" => (value * 2.54, "cm"), "m" => (value * 100, "cm"), _ => (value, given) };
            case Analyte.Temperature:
                return key switch { "cel" => (value, "Cel"), "degf" => ((value - 32) * 5 / 9, "Cel"), _ => (value, given) };
            case Analyte.Electrolyte:
                // Monovalent ions: one equivalent is one mole.
                return key switch { "mmol/l" or "meq/l" => (value, "mmol/L"), _ => (value, given) };
            default:
                return (value, given);
        }
    }

    // Spellings of one unit (UCUM codes and common free text), any case, reduced to one key without allocating.
    private static readonly Dictionary<string, string> UnitKeys = BuildUnitKeys();

    private static string Canonical(string unit) => UnitKeys.TryGetValue(unit, out var key) ? key : unit.Trim();

    private static Dictionary<string, string> BuildUnitKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string key, params string[] spellings)
        {
            foreach (var spelling in spellings) keys[spelling] = key;
        }
        Add("mg/dl", "mg/dL", "mg/100mL");
        Add("mmol/l", "mmol/L", "mmol/liter");
        Add("umol/l", "umol/L", "µmol/L", "μmol/L", "micromol/L");
        Add("%", "%", "percent");
        Add("mmol/mol", "mmol/mol");
        Add("kg", "kg", "kilogram", "kilograms");
        Add("lb", "[lb_av]", "lb", "lbs", "pound", "pounds");
        Add("g", "g");
        Add("oz", "[oz_av]", "oz");
        Add("cm", "cm");
        Add("in", "[in_i]", "in", "inch", "inches");
        Add("m", "m");
        Add("cel", "Cel", "°C", "degC", "C");
        Add("degf", "[degF]", "°F", "degF", "F");
        Add("meq/l", "mEq/L", "m[eq]/L");
        return keys;
    }
}
