namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// How one archetype's patient is drawn (age, sex, history length, primary clinician) and what happens in the
/// record (<see cref="Write"/>). Everything random comes from <see cref="PatientRecord.Random"/>.
/// </summary>
internal abstract class ArchetypeScript
{
    public abstract Archetype Archetype { get; }

    /// <summary>The youngest age (in years, today) the patient may have.</summary>
    public abstract int MinAge { get; }

    public abstract int MaxAge { get; }

    /// <summary>The probability the patient is female.</summary>
    public virtual double FemaleProbability => 0.5;

    /// <summary>The shortest history, in whole years back from today.</summary>
    public virtual int MinHistoryYears => 5;

    /// <summary>The longest history, in whole years (a few months may be added, staying under 15 years).</summary>
    public virtual int MaxHistoryYears => 14;

    public virtual Specialty PrimarySpecialty => Specialty.PrimaryCare;

    /// <summary>How many whole years back the record starts, for a patient of this age.</summary>
    public virtual int HistoryYears(SeededRandom random, int age) => random.Next(MinHistoryYears, MaxHistoryYears + 1);

    public abstract void Write(PatientRecord r);

    /// <summary>Every archetype, indexed by <see cref="Synthetic.Archetype"/>.</summary>
    public static readonly ArchetypeScript[] All =
    [
        new Type2DiabetesScript(),
        new ChronicKidneyDiseaseScript(),
        new AtrialFibrillationScript(),
        new HeartFailureScript(),
        new UncontrolledHypertensionScript(),
        new HyperlipidemiaScript(),
        new WarfarinNsaidScript(),
        new PenicillinAllergyScript(),
        new PediatricAsthmaScript(),
        new PregnancyScript(),
        new ElderlyPolypharmacyScript(),
        new SparseRecordScript(),
    ];
}
