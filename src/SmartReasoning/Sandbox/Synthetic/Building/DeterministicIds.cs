using System.Globalization;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Version-4-shaped UUIDs derived from a patient key and an ordinal, so every resource id is stable for a given
/// seed. The patient key folds in the seed, the generation mode (cohort or many) and the patient's index.
/// </summary>
internal static class DeterministicIds
{
    private const ulong CohortSalt = 0x5EED_C0_4027UL;
    private const ulong ManySalt = 0x5EED_3A_2417UL;

    /// <summary>The key of patient <paramref name="index"/>; <see cref="SyntheticCohort.Generate"/> and
    /// <see cref="SyntheticCohort.GenerateMany"/> use different salts so their patients never share ids.</summary>
    public static ulong PatientKey(int seed, int index, bool many) =>
        SeededRandom.Mix(SeededRandom.Mix((ulong)(uint)seed ^ (many ? ManySalt : CohortSalt)) + (ulong)(uint)index);

    /// <summary>The UUID (lower case, 36 characters, a valid FHIR id) of resource number <paramref name="ordinal"/>.</summary>
    public static string Uuid(ulong patientKey, int ordinal)
    {
        var hi = SeededRandom.Mix(patientKey ^ SeededRandom.Mix(((ulong)(uint)ordinal << 1) | 1UL));
        var lo = SeededRandom.Mix(hi + 0x632BE59BD9B4E019UL);
        hi = (hi & ~0xF000UL) | 0x4000UL;                                   // version 4
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFFUL) | 0x8000_0000_0000_0000UL;      // RFC 4122 variant
        return string.Create(36, (hi, lo), static (span, v) =>
        {
            // 8-4-4 hex digits from the high word, then 4-12 from the low word.
            Hex(span[..8], v.hi >> 32, 8);
            span[8] = '-';
            Hex(span[9..13], v.hi >> 16, 4);
            span[13] = '-';
            Hex(span[14..18], v.hi, 4);
            span[18] = '-';
            Hex(span[19..23], v.lo >> 48, 4);
            span[23] = '-';
            Hex(span[24..], v.lo, 12);
        });
    }

    private static void Hex(Span<char> span, ulong value, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            span[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>An eight-digit medical record number, distinct for distinct indices of one seed and mode.</summary>
    public static string MedicalRecordNumber(int seed, int index, bool many)
    {
        // Multiplying by a number coprime with 10 is a bijection modulo 10^8.
        var basis = ((ulong)(uint)seed * 7_919UL + (many ? 50_000_000UL : 0UL) + (ulong)(uint)index) % 100_000_000UL;
        var scrambled = (basis * 48_271UL + 10_000_000UL) % 100_000_000UL;
        return scrambled.ToString("D8", CultureInfo.InvariantCulture);
    }
}
