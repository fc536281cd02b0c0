using System.Globalization;
using System.Text.Json;
using SmartReasoning.Sandbox.Search;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>One line of the chart: what it is, its value or detail, and when.</summary>
internal sealed record ChartLine(string Name, string Detail, string? Date, string Reference, bool WrittenByApp = false, string? Status = null);

/// <summary>A patient as the patient list shows it.</summary>
internal sealed record PatientSummary(string Id, string Name, string? BirthDate, string? Gender, string? Story);

/// <summary>
/// A patient's chart read from the store: banner, active problems, active medications, allergies, recent labs and
/// vital signs, recently recorded observations (those an app wrote, marked AIAST, flagged), and encounters.
/// </summary>
internal sealed class PatientChart
{
    /// <summary>The security label AI-assisted writes carry (v3-ObservationValue AIAST).</summary>
    public const string AiAssisted = "AIAST";

    private const int RecentCount = 15;

    public required PatientSummary Patient { get; init; }
    public string? Mrn { get; init; }
    public IReadOnlyList<ChartLine> Problems { get; init; } = [];
    public IReadOnlyList<ChartLine> Medications { get; init; } = [];
    public IReadOnlyList<ChartLine> Allergies { get; init; } = [];
    public IReadOnlyList<ChartLine> Labs { get; init; } = [];
    public IReadOnlyList<ChartLine> Vitals { get; init; } = [];
    public IReadOnlyList<ChartLine> RecentObservations { get; init; } = [];
    public IReadOnlyList<ChartLine> Encounters { get; init; } = [];

    public static PatientChart? Read(FhirResourceStore store, SearchIndexStore index, string patientId)
    {
        if (store.Read("Patient", patientId) is not { IsDeleted: false } stored) return null;
        using var patient = JsonDocument.Parse(stored.Json!);
        var observations = Of(store, index, "Observation", patientId);
        return new PatientChart
        {
            Patient = Summary(stored),
            Mrn = MedicalRecordNumber(patient.RootElement),
            Problems = [.. Of(store, index, "Condition", patientId).Where(c => IsActive(c.Json)).Select(Problem).OrderByDescending(l => l.Date, StringComparer.Ordinal)],
            Medications = [.. Of(store, index, "MedicationRequest", patientId).Where(m => Text(m.Json, "status") == "active").Select(Medication).OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)],
            Allergies = [.. Of(store, index, "AllergyIntolerance", patientId).Where(a => Code(a.Json, "clinicalStatus") is null or "active").Select(Allergy)],
            Labs = Recent(observations.Where(o => HasCategory(o.Json, "laboratory"))),
            Vitals = Recent(observations.Where(o => HasCategory(o.Json, "vital-signs"))),
            RecentObservations = [.. observations.OrderByDescending(o => o.Stored.LastUpdated).ThenByDescending(o => Effective(o.Json), StringComparer.Ordinal)
                .Take(RecentCount).Select(Observation)],
            Encounters = [.. Of(store, index, "Encounter", patientId).Select(Encounter).OrderByDescending(l => l.Date, StringComparer.Ordinal).Take(RecentCount)],
        };
    }

    public static PatientSummary Summary(StoredResource stored)
    {
        using var json = JsonDocument.Parse(stored.Json!);
        var patient = json.RootElement;
        string? story = null;
        if (patient.TryGetProperty("meta", out var meta) && meta.TryGetProperty("tag", out var tags) && tags.ValueKind == JsonValueKind.Array)
            foreach (var tag in tags.EnumerateArray())
                if (Text(tag, "system") == ArchetypeTag.System) story = Text(tag, "display") ?? Text(tag, "code");
        return new PatientSummary(stored.Id, Name(patient), Text(patient, "birthDate"), Text(patient, "gender"), story);
    }

    /// <summary>The official (else first) name as "Given Family", else its text, else "(no name)".</summary>
    public static string Name(JsonElement resource)
    {
        if (!resource.TryGetProperty("name", out var names) || names.ValueKind != JsonValueKind.Array || names.GetArrayLength() == 0) return "(no name)";
        var name = names.EnumerateArray().FirstOrDefault(n => Text(n, "use") == "official");
        if (name.ValueKind != JsonValueKind.Object) name = names[0];
        if (Text(name, "text") is { } text) return text;
        List<string> parts = [];
        if (name.TryGetProperty("given", out var given) && given.ValueKind == JsonValueKind.Array)
            parts.AddRange(given.EnumerateArray().Where(g => g.ValueKind == JsonValueKind.String).Select(g => g.GetString()!));
        if (Text(name, "family") is { } family) parts.Add(family);
        return parts.Count == 0 ? "(no name)" : string.Join(' ', parts);
    }

    /// <summary>The resources of a type in the patient's record (by the <c>patient</c> search parameter), parsed once.</summary>
    private static List<(StoredResource Stored, JsonElement Json)> Of(FhirResourceStore store, SearchIndexStore index, string type, string patientId)
    {
        var query = SearchQuery.Parse(type, [("patient", patientId)]);
        List<(StoredResource, JsonElement)> found = [];
        foreach (var match in index.Candidates(type, query.CandidateKeys).Where(query.Matches))
            if (store.Read(type, match.Id) is { IsDeleted: false } stored)
            {
                using var json = JsonDocument.Parse(stored.Json!);
                found.Add((stored, json.RootElement.Clone()));
            }
        return found;
    }

    private static List<ChartLine> Recent(IEnumerable<(StoredResource Stored, JsonElement Json)> observations) =>
        [.. observations.OrderByDescending(o => Effective(o.Json), StringComparer.Ordinal).Take(RecentCount).Select(Observation)];

    private static ChartLine Problem((StoredResource Stored, JsonElement Json) c) =>
        new(Concept(c.Json, "code"), Concept(c.Json, "category"), Date(Text(c.Json, "onsetDateTime") ?? Text(c.Json, "recordedDate")), c.Stored.Reference);

    private static ChartLine Medication((StoredResource Stored, JsonElement Json) m)
    {
        var dosage = m.Json.TryGetProperty("dosageInstruction", out var d) && d.ValueKind == JsonValueKind.Array && d.GetArrayLength() > 0 ? Text(d[0], "text") : null;
        return new(Concept(m.Json, "medicationCodeableConcept"), dosage ?? "", Date(Text(m.Json, "authoredOn")), m.Stored.Reference);
    }

    private static ChartLine Allergy((StoredResource Stored, JsonElement Json) a)
    {
        List<string> detail = [];
        if (Text(a.Json, "criticality") is { } criticality) detail.Add($"criticality {criticality}");
        if (a.Json.TryGetProperty("reaction", out var reactions) && reactions.ValueKind == JsonValueKind.Array)
            foreach (var reaction in reactions.EnumerateArray())
                if (reaction.TryGetProperty("manifestation", out var manifestations) && manifestations.ValueKind == JsonValueKind.Array)
                    detail.AddRange(manifestations.EnumerateArray().Select(ConceptText));
        return new(Concept(a.Json, "code"), string.Join("; ", detail), Date(Text(a.Json, "recordedDate") ?? Text(a.Json, "onsetDateTime")), a.Stored.Reference);
    }

    /// <summary>An observation's line; one an app wrote also shows its status (preliminary until a clinician accepts it: final).</summary>
    private static ChartLine Observation((StoredResource Stored, JsonElement Json) o)
    {
        var byApp = HasSecurityLabel(o.Json, AiAssisted);
        return new(Concept(o.Json, "code"), ObservationValue(o.Json), Date(Effective(o.Json)), o.Stored.Reference, byApp, byApp ? Text(o.Json, "status") : null);
    }

    private static ChartLine Encounter((StoredResource Stored, JsonElement Json) e)
    {
        var type = e.Json.TryGetProperty("type", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0 ? ConceptText(types[0]) : null;
        var start = e.Json.TryGetProperty("period", out var period) ? Text(period, "start") : null;
        var kind = e.Json.TryGetProperty("class", out var cls) ? Text(cls, "display") ?? Text(cls, "code") : null;
        return new(type ?? kind ?? "Encounter", Text(e.Json, "status") ?? "", Date(start), e.Stored.Reference);
    }

    /// <summary>A value as a clinician reads it: quantity with unit, code, text, or the components of a panel (blood pressure).</summary>
    internal static string ObservationValue(JsonElement o)
    {
        if (o.TryGetProperty("valueQuantity", out var q)) return Quantity(q);
        if (o.TryGetProperty("valueCodeableConcept", out var cc)) return ConceptText(cc);
        foreach (var name in new[] { "valueString", "valueDateTime", "valueInteger", "valueBoolean", "valueTime" })
            if (o.TryGetProperty(name, out var v)) return v.ToString();
        if (o.TryGetProperty("component", out var components) && components.ValueKind == JsonValueKind.Array)
            return string.Join(", ", components.EnumerateArray().Select(c =>
                $"{Concept(c, "code")}: {(c.TryGetProperty("valueQuantity", out var cq) ? Quantity(cq) : c.TryGetProperty("valueCodeableConcept", out var ccc) ? ConceptText(ccc) : "")}"));
        return Text(o, "status") is { } status ? $"({status}, no value)" : "";
    }

    private static string Quantity(JsonElement q)
    {
        var value = q.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "";
        var unit = Text(q, "unit") ?? Text(q, "code") ?? "";
        return $"{(q.TryGetProperty("comparator", out var c) ? c.GetString() : "")}{value} {unit}".Trim();
    }

    private static string Effective(JsonElement o) =>
        Text(o, "effectiveDateTime") ?? (o.TryGetProperty("effectivePeriod", out var p) ? Text(p, "start") : null) ?? Text(o, "effectiveInstant") ?? Text(o, "issued") ?? "";

    private static bool IsActive(JsonElement condition) => Code(condition, "clinicalStatus") is "active" or "recurrence" or "relapse";

    private static bool HasCategory(JsonElement resource, string code) =>
        resource.TryGetProperty("category", out var categories) && categories.ValueKind == JsonValueKind.Array
        && categories.EnumerateArray().Any(c => c.TryGetProperty("coding", out var codings) && codings.ValueKind == JsonValueKind.Array
            && codings.EnumerateArray().Any(x => Text(x, "code") == code));

    internal static bool HasSecurityLabel(JsonElement resource, string code) =>
        resource.TryGetProperty("meta", out var meta) && meta.TryGetProperty("security", out var labels) && labels.ValueKind == JsonValueKind.Array
        && labels.EnumerateArray().Any(l => Text(l, "code") == code);

    private static string? MedicalRecordNumber(JsonElement patient) =>
        patient.TryGetProperty("identifier", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Where(i => i.TryGetProperty("type", out var t) && t.TryGetProperty("coding", out var c) && c.ValueKind == JsonValueKind.Array
                    && c.EnumerateArray().Any(x => Text(x, "code") == "MR")).Select(i => Text(i, "value")).FirstOrDefault()
            : null;

    /// <summary>The first coding's code of a CodeableConcept element (clinicalStatus...).</summary>
    private static string? Code(JsonElement resource, string element) =>
        resource.TryGetProperty(element, out var cc) && cc.TryGetProperty("coding", out var codings) && codings.ValueKind == JsonValueKind.Array && codings.GetArrayLength() > 0
            ? Text(codings[0], "code") : null;

    /// <summary>A CodeableConcept element (or the first of an array of them) as text.</summary>
    private static string Concept(JsonElement resource, string element)
    {
        if (!resource.TryGetProperty(element, out var value)) return "";
        if (value.ValueKind == JsonValueKind.Array) return value.GetArrayLength() == 0 ? "" : ConceptText(value[0]);
        return ConceptText(value);
    }

    private static string ConceptText(JsonElement concept)
    {
        if (concept.ValueKind != JsonValueKind.Object) return "";
        if (Text(concept, "text") is { } text) return text;
        if (concept.TryGetProperty("coding", out var codings) && codings.ValueKind == JsonValueKind.Array)
            foreach (var coding in codings.EnumerateArray())
                if ((Text(coding, "display") ?? Text(coding, "code")) is { } shown) return shown;
        return "";
    }

    /// <summary>The date part of a FHIR date or dateTime.</summary>
    private static string? Date(string? value) => value is { Length: >= 10 } ? value[..10] : value;

    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The age in whole years on <paramref name="today"/>, when the birth date is a full date.</summary>
    public static int? Age(string? birthDate, DateOnly today)
    {
        if (!DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)) return null;
        var age = today.Year - born.Year;
        if (today < born.AddYears(age)) age--;
        return age;
    }
}
