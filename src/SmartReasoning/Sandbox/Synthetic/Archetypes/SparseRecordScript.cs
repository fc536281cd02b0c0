namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// Almost nothing: an urgent visit for a sprained ankle years ago and one for a cold in the last two years, each
/// with a blood pressure and a diagnosis. No medications, allergies, immunizations, labs or problem list.
/// </summary>
internal sealed class SparseRecordScript : ArchetypeScript
{
    public override Archetype Archetype => Archetype.SparseRecord;
    public override int MinAge => 22;
    public override int MaxAge => 40;
    public override int MaxHistoryYears => 8;

    public override void Write(PatientRecord r)
    {
        var random = r.Random;
        var sprain = r.Visit(r.HistoryStart, EncounterKind.Acute, Problems.AnkleSprain);
        r.Vitals(sprain, new VitalSigns(Systolic: Math.Round(random.Normal(118, 5)), Diastolic: Math.Round(random.Normal(74, 4))));
        r.Diagnosis(Problems.AnkleSprain, sprain, resolvesAfterDays: 28);

        var cold = r.Visit(PatientRecord.Weekday(r.DateBetween(r.Today.AddYears(-2), r.Today.AddDays(-30))), EncounterKind.Acute, Problems.UpperRespiratoryInfection);
        r.Vitals(cold, new VitalSigns(Systolic: Math.Round(random.Normal(120, 5)), Diastolic: Math.Round(random.Normal(76, 4)), TemperatureC: random.Normal(37.6, 0.2)));
        r.Diagnosis(Problems.UpperRespiratoryInfection, cold, resolvesAfterDays: 10);
    }
}
