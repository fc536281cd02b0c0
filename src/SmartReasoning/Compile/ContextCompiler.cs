using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Compile;

/// <summary>
/// Compiles a patient's FHIR resources into a <see cref="LongitudinalContext"/> in one pass: facts are grouped as
/// they are read, duplicates (same code, same time, same value) merged keeping every source, and records that were
/// entered in error, refuted or cancelled left out.
/// </summary>
public sealed class ContextCompiler(TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Compiles <paramref name="resources"/> (one patient's) as of <paramref name="asOf"/>, by default now.</summary>
    public LongitudinalContext Compile(IEnumerable<Resource> resources, IReadOnlyList<MissingData>? missing = null, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var compilation = new Compilation(asOf ?? _time.GetUtcNow());
        foreach (var resource in resources) compilation.Add(resource);
        return compilation.Build(missing ?? []);
    }

    /// <summary>Compiles the resources of a Bundle's entries (transaction, collection, searchset or $everything).</summary>
    public LongitudinalContext Compile(Bundle bundle, IReadOnlyList<MissingData>? missing = null, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return Compile(ResourcesOf(bundle), missing, asOf);
    }

    /// <summary>The resources of a Bundle's entries, skipping entries without one.</summary>
    public static IEnumerable<Resource> ResourcesOf(Bundle bundle)
    {
        foreach (var entry in bundle.Entry)
            if (entry.Resource is { } resource) yield return resource;
    }

    /// <summary>The reference "Type/id" a fact cites for a resource.</summary>
    public static string ReferenceOf(Resource resource) => $"{resource.TypeInfo.Name}/{resource.Id}";

    private sealed class Compilation(DateTimeOffset asOf)
    {
        private Demographics? _demographics;
        private readonly Keyed<ProblemBuilder> _problems = new();
        private readonly Keyed<MedicationBuilder> _medications = new();
        private readonly Keyed<AllergyBuilder> _allergies = new();
        private readonly Dictionary<(string? System, string Code, string Unit), SeriesBuilder> _series = [];
        private readonly Dictionary<(string? System, string Code), FindingBuilder> _findings = [];
        private readonly Keyed<TimelineBuilder> _timeline = new();
        private readonly Keyed<ImmunizationBuilder> _immunizations = new();
        private readonly Dictionary<string, Medication> _medicationIndex = new(StringComparer.Ordinal);
        private readonly List<(DomainResource Resource, Element? Medication, string Status, DateTimeOffset? Start, List<Dosage>? Dosage)> _pendingMedications = [];
        private int _excluded;

        public void Add(Resource resource)
        {
            switch (resource)
            {
                case Patient patient: AddPatient(patient); break;
                case Observation observation: AddObservation(observation); break;
                case Condition condition: AddCondition(condition); break;
                case MedicationRequest request: AddMedicationRequest(request); break;
                case MedicationStatement statement: AddMedicationStatement(statement); break;
                case Medication medication:
                    if (medication.Id is { } id)
                    {
                        _medicationIndex[$"Medication/{id}"] = medication;
                        _medicationIndex[$"urn:uuid:{id}"] = medication;
                    }
                    break;
                case AllergyIntolerance allergy: AddAllergy(allergy); break;
                case Encounter encounter: AddEncounter(encounter); break;
                case Procedure procedure: AddProcedure(procedure); break;
                case Immunization immunization: AddImmunization(immunization); break;
            }
        }

        private void AddPatient(Patient patient)
        {
            var reference = ReferenceOf(patient);
            if (_demographics is not null)
            {
                if (!_demographics.Sources.Contains(reference)) _demographics = _demographics with { Sources = [.. _demographics.Sources, reference] };
                return;
            }
            var deceasedOn = patient.Deceased is FhirDateTime ? ClinicalDates.Start(patient.Deceased) : null;
            var deceased = deceasedOn is not null || patient.Deceased is FhirBoolean { Value: true };
            int? age = null;
            if (ClinicalDates.Parse(patient.BirthDate?.Value) is { } birth)
            {
                var at = deceasedOn is { } d && d < asOf ? d : asOf;
                var years = at.Year - birth.Year;
                if (at.Month < birth.Month || (at.Month == birth.Month && at.Day < birth.Day)) years--;
                age = Math.Max(0, years);
            }
            _demographics = new Demographics(age, patient.Gender?.Value, deceased, deceasedOn, [reference]);
        }

        private void AddObservation(Observation observation)
        {
            var status = observation.Status?.Value;
            if (status is "cancelled" or "entered-in-error")
            {
                _excluded++;
                return;
            }
            var time = ClinicalDates.Start(observation.Effective) ?? ClinicalDates.Parse(observation.Issued?.Value);
            if (time is null) return;
            var category = CategoryOf(observation);
            var reference = ReferenceOf(observation);
            if (observation.Value is Quantity quantity)
                AddPoint(observation.Code, quantity, observation.Interpretation, observation.ReferenceRange, category, time.Value, reference);
            else if (TextOf(observation.Value) is { } text)
                AddFinding(observation.Code, text, category, time.Value, reference);
            else if (observation.Value is null)
            {
                // A panel (blood pressure 85354-9 and the like) is a series per component: systolic 8480-6, diastolic 8462-4.
                foreach (var component in observation.Component)
                    if (component.Value is Quantity componentQuantity)
                        AddPoint(component.Code, componentQuantity, component.Interpretation, component.ReferenceRange, category, time.Value, reference);
            }
        }

        private static string? TextOf(Element? value) => value switch
        {
            CodeableConcept concept => Concept(concept).Display,
            FhirString text => text.Value,
            FhirBoolean boolean => boolean.Value is { } b ? (b ? "yes" : "no") : null,
            _ => null,
        };

        private void AddFinding(CodeableConcept? code, string value, string category, DateTimeOffset time, string reference)
        {
            var concept = Concept(code, preferLoinc: true);
            var key = (concept.System, concept.Code ?? concept.Display);
            if (!_findings.TryGetValue(key, out var finding))
            {
                _findings.Add(key, new FindingBuilder(concept, category, value, time, reference));
                return;
            }
            finding.Count++;
            // The latest value wins; on the same instant, the smaller reference, so the result does not depend on input order.
            if (time > finding.Time || (time == finding.Time && string.CompareOrdinal(reference, finding.Source) < 0))
                (finding.Value, finding.Time, finding.Source) = (value, time, reference);
        }

        private static string CategoryOf(Observation observation)
        {
            foreach (var concept in observation.Category)
                foreach (var coding in concept.Coding)
                    switch (coding.Code?.Value)
                    {
                        case "vital-signs": return "vital-signs";
                        case "laboratory": return "laboratory";
                        case { } other: return other;
                    }
            return "laboratory";
        }

        private void AddPoint(CodeableConcept? code, Quantity quantity, List<CodeableConcept> interpretation,
            List<Observation.ReferenceRangeComponent> ranges, string category, DateTimeOffset time, string reference)
        {
            if (quantity.Value?.Value is not { } raw) return;
            var concept = Concept(code, preferLoinc: true);
            var loinc = concept.System == Loinc ? concept.Code : null;
            var (value, unit) = UnitNormalisation.Normalise(loinc, (double)raw, quantity.Code?.Value ?? quantity.Unit?.Value);
            var key = (concept.System, concept.Code ?? concept.Display, unit);
            if (!_series.TryGetValue(key, out var series))
                _series.Add(key, series = new SeriesBuilder(concept, unit, category));
            series.Points.Add(new PointBuilder(time, value, FlagOf(interpretation, ranges, loinc, value, unit), reference));
        }

        private static string? FlagOf(List<CodeableConcept> interpretation, List<Observation.ReferenceRangeComponent> ranges, string? loinc, double value, string unit)
        {
            foreach (var concept in interpretation)
                foreach (var coding in concept.Coding)
                    switch (coding.Code?.Value)
                    {
                        case "H" or "HU" or ">": return "H";
                        case "L" or "LU" or "<": return "L";
                        case "HH" or "LL" or "A" or "AA": return coding.Code.Value;
                        case "N": return null;
                    }
            foreach (var range in ranges)
            {
                if (range.Low?.Value?.Value is { } low && UnitNormalisation.Normalise(loinc, (double)low, range.Low.Code?.Value ?? range.Low.Unit?.Value ?? unit) is var (lowValue, lowUnit)
                    && lowUnit == unit && value < lowValue) return "L";
                if (range.High?.Value?.Value is { } high && UnitNormalisation.Normalise(loinc, (double)high, range.High.Code?.Value ?? range.High.Unit?.Value ?? unit) is var (highValue, highUnit)
                    && highUnit == unit && value > highValue) return "H";
                if (range.Low is not null || range.High is not null) break;
            }
            return null;
        }

        private void AddCondition(Condition condition)
        {
            var verification = FirstCode(condition.VerificationStatus);
            if (verification is "entered-in-error" or "refuted")
            {
                _excluded++;
                return;
            }
            var clinicalStatus = FirstCode(condition.ClinicalStatus);
            var abatement = ClinicalDates.Start(condition.Abatement);
            var active = clinicalStatus is null ? abatement is null : clinicalStatus is "active" or "recurrence" or "relapse";
            var code = Concept(condition.Code);
            var onset = ClinicalDates.Start(condition.Onset) ?? ClinicalDates.Parse(condition.RecordedDate?.Value);
            var builder = _problems.GetOrAdd($"{code.System}|{code.Code ?? code.Display}|{onset?.UtcTicks}",
                () => new ProblemBuilder(code, clinicalStatus, active, onset, abatement));
            builder.Sources.Add(ReferenceOf(condition));
        }

        private void AddMedicationRequest(MedicationRequest request)
        {
            var status = request.Status?.Value;
            if (status is "entered-in-error" or "cancelled")
            {
                _excluded++;
                return;
            }
            if (status is not "active") return;
            _pendingMedications.Add((request, request.Medication, status, ClinicalDates.Parse(request.AuthoredOn?.Value), request.DosageInstruction));
        }

        private void AddMedicationStatement(MedicationStatement statement)
        {
            var status = statement.Status?.Value;
            if (status is "entered-in-error")
            {
                _excluded++;
                return;
            }
            if (status is not ("active" or "intended")) return;
            var start = ClinicalDates.Start(statement.Effective) ?? ClinicalDates.Parse(statement.DateAsserted?.Value);
            _pendingMedications.Add((statement, statement.Medication, status, start, statement.Dosage));
        }

        // Medications are resolved at the end because a referenced Medication may come after the request that names it.
        private void ResolveMedications()
        {
            foreach (var (resource, medication, status, start, dosage) in _pendingMedications)
            {
                string? medicationSource = null;
                ClinicalCode code;
                switch (medication)
                {
                    case CodeableConcept concept:
                        code = Concept(concept);
                        break;
                    case Reference reference when Resolve(resource, reference.ReferenceValue?.Value) is var (found, source) && found is not null:
                        code = Concept(found.Code);
                        medicationSource = source;
                        break;
                    case Reference reference:
                        code = new ClinicalCode(null, null, reference.Display?.Value ?? "unresolved medication");
                        break;
                    default:
                        code = new ClinicalCode(null, null, "unknown medication");
                        break;
                }
                var builder = _medications.GetOrAdd($"{code.System}|{code.Code ?? code.Display}|{start?.UtcTicks}",
                    () => new MedicationBuilder(code, status, start, DoseOf(dosage)));
                builder.AddSource(ReferenceOf(resource));
                if (medicationSource is not null) builder.AddSource(medicationSource);
            }
        }

        private (Medication? Medication, string? Source) Resolve(DomainResource owner, string? reference)
        {
            if (reference is null) return (null, null);
            if (reference.StartsWith('#'))
            {
                foreach (var contained in owner.Contained)
                    if (contained is Medication medication && contained.Id == reference[1..]) return (medication, null);
                return (null, null);
            }
            var slash = reference.LastIndexOf("Medication/", StringComparison.Ordinal);
            var key = slash > 0 ? reference[slash..] : reference;
            return _medicationIndex.TryGetValue(key, out var found) ? (found, ReferenceOf(found)) : (null, null);
        }

        private void AddAllergy(AllergyIntolerance allergy)
        {
            var verification = FirstCode(allergy.VerificationStatus);
            if (verification is "entered-in-error" or "refuted")
            {
                _excluded++;
                return;
            }
            var substance = Concept(allergy.Code);
            var builder = _allergies.GetOrAdd($"{substance.System}|{substance.Code ?? substance.Display}",
                () => new AllergyBuilder(substance, allergy.Criticality?.Value, FirstCode(allergy.ClinicalStatus), ClinicalDates.Parse(allergy.RecordedDate?.Value)));
            foreach (var reaction in allergy.Reaction)
                foreach (var manifestation in reaction.Manifestation)
                {
                    var text = Concept(manifestation).Display;
                    if (reaction.Severity?.Value is { } severity) text = $"{text} ({severity})";
                    if (!builder.Reactions.Contains(text)) builder.Reactions.Add(text);
                }
            builder.Sources.Add(ReferenceOf(allergy));
        }

        private void AddEncounter(Encounter encounter)
        {
            var status = encounter.Status?.Value;
            if (status is "entered-in-error" or "cancelled")
            {
                _excluded++;
                return;
            }
            ClinicalCode what = encounter.Type.Count > 0
                ? Concept(encounter.Type[0])
                : new ClinicalCode(encounter.Class?.System?.Value, encounter.Class?.Code?.Value, encounter.Class?.Display?.Value ?? encounter.Class?.Code?.Value ?? "encounter");
            AddEvent("encounter", what, status, ClinicalDates.Parse(encounter.Period?.Start?.Value), ClinicalDates.Parse(encounter.Period?.End?.Value), ReferenceOf(encounter));
        }

        private void AddProcedure(Procedure procedure)
        {
            var status = procedure.Status?.Value;
            if (status is "entered-in-error")
            {
                _excluded++;
                return;
            }
            if (status is "not-done") return;
            AddEvent("procedure", Concept(procedure.Code), status, ClinicalDates.Start(procedure.Performed), ClinicalDates.End(procedure.Performed), ReferenceOf(procedure));
        }

        private void AddEvent(string kind, ClinicalCode what, string? status, DateTimeOffset? start, DateTimeOffset? end, string reference)
        {
            var builder = _timeline.GetOrAdd($"{kind}|{what.System}|{what.Code ?? what.Display}|{start?.UtcTicks}",
                () => new TimelineBuilder(kind, what, status, start, end));
            builder.Sources.Add(reference);
        }

        private void AddImmunization(Immunization immunization)
        {
            var status = immunization.Status?.Value;
            if (status is "entered-in-error")
            {
                _excluded++;
                return;
            }
            if (status is "not-done") return;
            var vaccine = Concept(immunization.VaccineCode);
            var date = ClinicalDates.Start(immunization.Occurrence);
            var builder = _immunizations.GetOrAdd($"{vaccine.System}|{vaccine.Code ?? vaccine.Display}|{date?.UtcTicks}",
                () => new ImmunizationBuilder(vaccine, date));
            builder.Sources.Add(ReferenceOf(immunization));
        }

        public LongitudinalContext Build(IReadOnlyList<MissingData> missing)
        {
            ResolveMedications();

            var problems = new List<Problem>(_problems.Items.Count);
            foreach (var p in _problems.Items) problems.Add(new Problem(p.Code, p.ClinicalStatus, p.Active, p.Onset, p.Abatement, [.. p.Sources]));
            // Active before resolved, each most recent first.
            problems.Sort((a, b) => a.IsActive != b.IsActive ? (a.IsActive ? -1 : 1)
                : CompareDescending(a.IsActive ? a.Onset : a.Abatement ?? a.Onset, b.IsActive ? b.Onset : b.Abatement ?? b.Onset) is var c and not 0 ? c
                : string.CompareOrdinal(a.Code.Display, b.Code.Display));

            var medications = new List<MedicationFact>(_medications.Items.Count);
            foreach (var m in _medications.Items) medications.Add(new MedicationFact(m.Code, m.Status, m.Start, m.Dose, [.. m.Sources]));
            medications.Sort((a, b) => CompareDescending(a.Start, b.Start) is var c and not 0 ? c : string.CompareOrdinal(a.Medication.Display, b.Medication.Display));

            var allergies = new List<AllergyFact>(_allergies.Items.Count);
            foreach (var a in _allergies.Items) allergies.Add(new AllergyFact(a.Substance, a.Criticality, a.ClinicalStatus, [.. a.Reactions], a.Recorded, [.. a.Sources]));
            allergies.Sort((a, b) => (a.Criticality == "high") != (b.Criticality == "high") ? (a.Criticality == "high" ? -1 : 1)
                : CompareDescending(a.Recorded, b.Recorded) is var c and not 0 ? c : string.CompareOrdinal(a.Substance.Display, b.Substance.Display));

            List<ObservationSeries> labs = [], vitals = [], others = [];
            foreach (var builder in _series.Values)
            {
                var series = builder.Build(asOf);
                (series.Category switch { "laboratory" => labs, "vital-signs" => vitals, _ => others }).Add(series);
            }
            Comparison<ObservationSeries> byRecency = (a, b) => CompareDescending(a.Statistics.Latest.Time, b.Statistics.Latest.Time) is var c and not 0 ? c
                : string.CompareOrdinal(a.Code.Display, b.Code.Display) is var d and not 0 ? d : string.CompareOrdinal(a.Unit, b.Unit);
            labs.Sort(byRecency);
            vitals.Sort(byRecency);
            others.Sort(byRecency);

            var findings = new List<CodedFinding>(_findings.Count);
            foreach (var f in _findings.Values) findings.Add(new CodedFinding(f.Code, f.Category, f.Value, f.Time, f.Count, [f.Source]));
            findings.Sort((a, b) => CompareDescending(a.Time, b.Time) is var c and not 0 ? c : string.CompareOrdinal(a.Code.Display, b.Code.Display));

            var timeline = new List<TimelineEvent>(_timeline.Items.Count);
            foreach (var t in _timeline.Items) timeline.Add(new TimelineEvent(t.Kind, t.What, t.Status, t.Start, t.End, [.. t.Sources]));
            timeline.Sort((a, b) => CompareDescending(a.Start, b.Start) is var c and not 0 ? c
                : string.CompareOrdinal(a.Kind, b.Kind) is var d and not 0 ? d : string.CompareOrdinal(a.What.Display, b.What.Display));

            var immunizations = new List<ImmunizationFact>(_immunizations.Items.Count);
            foreach (var i in _immunizations.Items) immunizations.Add(new ImmunizationFact(i.Vaccine, i.Date, [.. i.Sources]));
            immunizations.Sort((a, b) => CompareDescending(a.Date, b.Date) is var c and not 0 ? c : string.CompareOrdinal(a.Vaccine.Display, b.Vaccine.Display));

            return new LongitudinalContext(asOf, _demographics, problems, medications, allergies, labs, vitals, others, findings, timeline, immunizations, [.. missing], _excluded);
        }

        // Most recent first; unknown dates last.
        private static int CompareDescending(DateTimeOffset? a, DateTimeOffset? b) =>
            a is null ? (b is null ? 0 : 1) : b is null ? -1 : b.Value.CompareTo(a.Value);
    }

    private const string Loinc = "http://loinc.org";

    private static string? FirstCode(CodeableConcept? concept)
    {
        if (concept is null) return null;
        foreach (var coding in concept.Coding)
            if (coding.Code?.Value is { } code) return code;
        return null;
    }

    /// <summary>The first dosage as a reader writes it: its text, or the dose, frequency and "as needed".</summary>
    internal static string? DoseOf(List<Dosage>? dosages)
    {
        if (dosages is null || dosages.Count == 0) return null;
        var dosage = dosages[0];
        if (dosage.Text?.Value is { Length: > 0 } text) return text;
        var parts = new List<string>(3);
        foreach (var doseAndRate in dosage.DoseAndRate)
            if (doseAndRate.Dose is Quantity { Value.Value: { } amount } dose)
            {
                parts.Add($"{amount.ToString(CultureInfo.InvariantCulture)} {dose.Unit?.Value ?? dose.Code?.Value}".TrimEnd());
                break;
            }
        if (dosage.Timing?.Repeat is { } repeat && repeat.Frequency?.Value is { } frequency && repeat.Period?.Value is { } period)
            parts.Add($"{frequency}x per {period.ToString(CultureInfo.InvariantCulture)} {repeat.PeriodUnit?.Value}".TrimEnd());
        if (dosage.AsNeeded is FhirBoolean { Value: true } or CodeableConcept) parts.Add("as needed");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>The concept's code (its LOINC coding first when asked) and the words for it.</summary>
    internal static ClinicalCode Concept(CodeableConcept? concept, bool preferLoinc = false)
    {
        if (concept is null) return new ClinicalCode(null, null, "unknown");
        Coding? chosen = null;
        foreach (var coding in concept.Coding)
        {
            if (coding.Code?.Value is null) continue;
            if (preferLoinc && coding.System?.Value == Loinc) { chosen = coding; break; }
            chosen ??= coding;
        }
        var display = chosen?.Display?.Value ?? concept.Text?.Value ?? chosen?.Code?.Value ?? "unknown";
        return new ClinicalCode(chosen?.System?.Value, chosen?.Code?.Value, display);
    }

    /// <summary>Builders in first-seen order, found by a merge key.</summary>
    private sealed class Keyed<T>
    {
        private readonly Dictionary<string, T> _byKey = new(StringComparer.Ordinal);
        public List<T> Items { get; } = [];

        public T GetOrAdd(string key, Func<T> create)
        {
            if (!_byKey.TryGetValue(key, out var item))
            {
                _byKey.Add(key, item = create());
                Items.Add(item);
            }
            return item;
        }
    }

    private sealed record ProblemBuilder(ClinicalCode Code, string? ClinicalStatus, bool Active, DateTimeOffset? Onset, DateTimeOffset? Abatement)
    {
        public List<string> Sources { get; } = [];
    }

    private sealed record MedicationBuilder(ClinicalCode Code, string Status, DateTimeOffset? Start, string? Dose)
    {
        public List<string> Sources { get; } = [];
        public void AddSource(string source)
        {
            if (!Sources.Contains(source)) Sources.Add(source);
        }
    }

    private sealed record AllergyBuilder(ClinicalCode Substance, string? Criticality, string? ClinicalStatus, DateTimeOffset? Recorded)
    {
        public List<string> Reactions { get; } = [];
        public List<string> Sources { get; } = [];
    }

    private sealed class FindingBuilder(ClinicalCode code, string category, string value, DateTimeOffset time, string source)
    {
        public ClinicalCode Code { get; } = code;
        public string Category { get; } = category;
        public string Value { get; set; } = value;
        public DateTimeOffset Time { get; set; } = time;
        public string Source { get; set; } = source;
        public int Count { get; set; } = 1;
    }

    private sealed record TimelineBuilder(string Kind, ClinicalCode What, string? Status, DateTimeOffset? Start, DateTimeOffset? End)
    {
        public List<string> Sources { get; } = [];
    }

    private sealed record ImmunizationBuilder(ClinicalCode Vaccine, DateTimeOffset? Date)
    {
        public List<string> Sources { get; } = [];
    }

    private readonly record struct PointBuilder(DateTimeOffset Time, double Value, string? Flag, string Source);

    private sealed class SeriesBuilder(ClinicalCode code, string unit, string category)
    {
        public List<PointBuilder> Points { get; } = [];

        public ObservationSeries Build(DateTimeOffset asOf)
        {
            Points.Sort((a, b) => a.Time.CompareTo(b.Time) is var c and not 0 ? c
                : a.Value.CompareTo(b.Value) is var d and not 0 ? d : string.CompareOrdinal(a.Source, b.Source));
            // Equal time and value are one measurement reported twice: one point citing every source.
            var points = new List<SeriesPoint>(Points.Count);
            for (var i = 0; i < Points.Count;)
            {
                var first = Points[i];
                var j = i + 1;
                while (j < Points.Count && Points[j].Time == first.Time && Points[j].Value.Equals(first.Value)) j++;
                string[] sources;
                string? flag = first.Flag;
                if (j == i + 1) sources = [first.Source];
                else
                {
                    var merged = new List<string>(j - i);
                    for (var k = i; k < j; k++)
                    {
                        if (!merged.Contains(Points[k].Source)) merged.Add(Points[k].Source);
                        flag ??= Points[k].Flag;
                    }
                    sources = [.. merged];
                }
                points.Add(new SeriesPoint(first.Time, first.Value, flag, sources));
                i = j;
            }
            return new ObservationSeries(code, unit, category, points, SeriesStatistics(points, asOf));
        }

        private static SeriesStatistics SeriesStatistics(List<SeriesPoint> points, DateTimeOffset asOf)
        {
            SeriesPoint min = points[0], max = points[0];
            int abnormal = 0;
            // Least squares slope of value against time in years, measured from the first point to keep the sums small.
            double origin = points[0].Time.UtcTicks, sumX = 0, sumY = 0, sumXX = 0, sumXY = 0;
            foreach (var point in points)
            {
                if (point.Value < min.Value) min = point;
                if (point.Value > max.Value) max = point;
                if (point.Flag is not null) abnormal++;
                var x = (point.Time.UtcTicks - origin) / (TimeSpan.TicksPerDay * 365.25);
                sumX += x;
                sumY += point.Value;
                sumXX += x * x;
                sumXY += x * point.Value;
            }
            double n = points.Count;
            var denominator = n * sumXX - sumX * sumX;
            double? slope = points.Count >= 2 && denominator > 1e-12 ? (n * sumXY - sumX * sumY) / denominator : null;
            var latest = points[^1];
            return new SeriesStatistics(latest, points.Count >= 2 ? points[^2] : null, min, max, slope, asOf - latest.Time, abnormal);
        }
    }
}
