using System.Globalization;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>Who a visit is with.</summary>
internal enum Specialty { PrimaryCare, Pediatrics, Obstetrics, Cardiology, Nephrology, EmergencyMedicine, HospitalMedicine }

/// <summary>An invented clinician: name, credential, NPI (with a valid check digit) and specialty (NUCC taxonomy).</summary>
internal sealed record Clinician(string Given, string Family, string Credential, string Npi, Specialty Specialty, string TaxonomyCode, string TaxonomyDisplay)
{
    public string DisplayName => string.Create(CultureInfo.InvariantCulture, $"{Given} {Family}, {Credential}");
}

/// <summary>Invented clinicians and clinic names.</summary>
internal static class Clinicians
{
    private static readonly string[] Given =
    [
        "Alan", "Beatrice", "Camille", "Daniel", "Esther", "Farah", "Gregory", "Hana", "Ivan", "Julia", "Kenji", "Laila",
        "Martin", "Nadia", "Owen", "Paula", "Rafael", "Sana", "Theo", "Vera",
    ];

    private static readonly string[] Family =
    [
        "Ashworth", "Bellamy", "Cortez", "Dubois", "Eastman", "Faulkner", "Gallo", "Hargrove", "Iqbal", "Jablonski",
        "Kovacs", "Lindgren", "Moreau", "Nair", "Oyelaran", "Prescott", "Quintero", "Ravensworth", "Sato", "Trevino",
    ];

    private static readonly string[] Systems = ["Health Partners", "Medical Group", "Community Health", "Regional Health", "Care Network"];

    public static Clinician Create(SeededRandom random, Specialty specialty)
    {
        var (code, display, credential) = specialty switch
        {
            Specialty.Pediatrics => ("208000000X", "Pediatrics", "MD"),
            Specialty.Obstetrics => ("207V00000X", "Obstetrics & Gynecology", "MD"),
            Specialty.Cardiology => ("207RC0000X", "Cardiovascular Disease", "MD"),
            Specialty.Nephrology => ("207RN0300X", "Nephrology", "MD"),
            Specialty.EmergencyMedicine => ("207P00000X", "Emergency Medicine", "DO"),
            Specialty.HospitalMedicine => ("208M00000X", "Hospitalist", "MD"),
            _ => ("207Q00000X", "Family Medicine", random.Chance(0.25) ? "NP" : "MD"),
        };
        return new Clinician(random.Pick(Given), random.Pick(Family), credential, Npi(random), specialty, code, display);
    }

    public static string OrganizationName(SeededRandom random, string city) =>
        string.Create(CultureInfo.InvariantCulture, $"{city} {random.Pick(Systems)}");

    /// <summary>A ten-digit NPI whose last digit is the Luhn check digit over the prefix 80840 and the first nine.</summary>
    public static string Npi(SeededRandom random)
    {
        Span<int> digits = stackalloc int[9];
        digits[0] = random.Next(1, 3);
        for (var i = 1; i < 9; i++) digits[i] = random.Next(0, 10);
        var sum = 24; // the Luhn contribution of the constant prefix 80840
        for (var i = 0; i < 9; i++)
        {
            // Counting from the right of the nine digits, the first, third... are doubled.
            var d = (8 - i) % 2 == 0 ? digits[i] * 2 : digits[i];
            sum += d > 9 ? d - 9 : d;
        }
        var check = (10 - sum % 10) % 10;
        var text = new char[10];
        for (var i = 0; i < 9; i++) text[i] = (char)('0' + digits[i]);
        text[9] = (char)('0' + check);
        return new string(text);
    }
}
