using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Deterministic synthetic patients for the sandbox EHR and the tests: clinically coherent longitudinal records
/// (5 to 15 years) coded as US EHRs code them (LOINC, SNOMED CT with ICD-10-CM, RxNorm, CVX, UCUM; US Core
/// profiles and categories).
/// <para>
/// Each patient is one FHIR R4 <c>transaction</c> Bundle holding its Organization, Practitioners, Patient and
/// clinical resources. Every entry is <c>PUT Type/id</c> with a deterministic UUID id and fullUrl
/// <c>urn:uuid:&lt;id&gt;</c>; references between entries use those fullUrls, which a server rewrites to
/// <c>Type/id</c>. Loading a bundle twice therefore updates the same resources instead of duplicating them, and
/// a patient's id is known before loading. The archetype of each patient is in <c>Patient.meta.tag</c>
/// (<see cref="ArchetypeTag"/>); the Patient also carries <c>meta.security</c> HTEST (test data).
/// </para>
/// <para>
/// The output depends only on the seed and <c>today</c> (by default <see cref="DefaultToday"/>), never on the
/// clock or the platform. <see cref="Generate"/> and <see cref="GenerateMany"/> use separate id spaces, so their
/// patients can be loaded into the same server.
/// </para>
/// </summary>
public static class SyntheticCohort
{
    /// <summary>The date histories end on when none is given: 2026-01-01.</summary>
    public static readonly DateOnly DefaultToday = new(2026, 1, 1);

    /// <summary>One transaction Bundle per <see cref="Archetype"/>, in enum order.</summary>
    public static IReadOnlyList<Bundle> Generate(int seed = 1, DateOnly? today = null)
    {
        var archetypes = Enum.GetValues<Archetype>();
        var bundles = new Bundle[archetypes.Length];
        for (var i = 0; i < archetypes.Length; i++) bundles[i] = GeneratePatient(archetypes[i], seed, i, many: false, today ?? DefaultToday);
        return bundles;
    }

    /// <summary><paramref name="count"/> patients cycling through the archetypes (patient <c>i</c> has archetype
    /// <c>i % 12</c>), each with its own name, age, dates and values.</summary>
    public static IReadOnlyList<Bundle> GenerateMany(int count, int seed, DateOnly? today = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var archetypeCount = Enum.GetValues<Archetype>().Length;
        var bundles = new Bundle[count];
        // Patients share nothing mutable, so they are built in parallel; each one's content depends only on its
        // seed and index, never on the order in which threads run.
        Parallel.For(0, count, i => bundles[i] = GeneratePatient((Archetype)(i % archetypeCount), seed, i, many: true, today ?? DefaultToday));
        return bundles;
    }

    /// <summary>The archetype a generated bundle was made for (from its Patient's tag), or null.</summary>
    public static Archetype? ArchetypeOf(Bundle bundle) => ArchetypeTag.Of(bundle);

    private static Bundle GeneratePatient(Archetype archetype, int seed, int index, bool many, DateOnly today)
    {
        var key = DeterministicIds.PatientKey(seed, index, many);
        var random = new SeededRandom(key);
        var script = ArchetypeScript.All[(int)archetype];
        var female = random.Chance(script.FemaleProbability);
        var age = random.Next(script.MinAge, script.MaxAge + 1);
        var birthDate = today.AddYears(-age).AddDays(-random.Next(1, 365));
        var years = script.HistoryYears(random, age);
        // Back whole years plus up to half a year: the record starts between 5 and 15 years ago.
        var historyStart = PatientRecord.Weekday(today.AddYears(-years).AddDays(-random.Next(3, 180)));
        var who = People.Create(random, female, birthDate);
        var record = new PatientRecord(archetype, key, DeterministicIds.MedicalRecordNumber(seed, index, many), who, today, historyStart, script.PrimarySpecialty);
        script.Write(record);
        return record.ToBundle();
    }
}
