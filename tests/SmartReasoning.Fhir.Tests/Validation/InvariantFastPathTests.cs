using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>
/// The hot core invariants checked on the JSON (InvariantFastPaths) give the issues their FHIRPath evaluation over
/// the typed model gives: compared over the R4 examples, the shared patients, and instances built to break each rule
/// (or to reach FHIRPath's empty results).
/// </summary>
public class InvariantFastPathTests
{
    private static readonly ValidationOptions Fast = new() { AllowedExtensionDomains = ["http://synthetichealth.github.io/synthea/"] };
    private static readonly ValidationOptions AsFhirPath = Fast with { InvariantFastPaths = false };

    private static List<string> Issues(FhirValidator validator, byte[] json) =>
        [.. validator.Validate(json).Issues.Select(i => $"{i.Severity} {i.Location} {i.Text}")];

    private static void AssertSameIssues(byte[] json, string name, FhirValidator fast, FhirValidator fhirPath, List<string> differences)
    {
        var a = Issues(fast, json);
        var b = Issues(fhirPath, json);
        if (a.SequenceEqual(b)) return;
        differences.Add($"{name}: on the JSON only [{string.Join("; ", a.Except(b))}], as FHIRPath only [{string.Join("; ", b.Except(a))}]");
    }

    [Fact]
    public void The_json_checks_give_the_fhirpath_verdicts_over_the_examples_and_shared_patients()
    {
        var package = TestData.RequireExamplesPackage();
        var fast = new FhirValidator(ValidatorTestKit.Core, Fast);
        var fhirPath = new FhirValidator(ValidatorTestKit.Core, AsFhirPath);
        var differences = new List<string>();
        var files = FhirRoundTrip.FindJsonFiles(package).Where(f => Path.GetFileName(f) is not ("package.json" or "ig-r4.json")).ToList();
        if (Directory.Exists(TestData.SharedPatients)) files.AddRange(Directory.EnumerateFiles(TestData.SharedPatients, "*.json"));
        foreach (var file in files)
            AssertSameIssues(File.ReadAllBytes(file), Path.GetFileName(file), fast, fhirPath, differences);
        Assert.True(files.Count > 5000, $"only {files.Count} files compared");
        Assert.True(differences.Count == 0, $"{differences.Count} files differ:\n" + string.Join("\n", differences.Take(20)));
    }

    // Each breaks (or, for FHIRPath's empty results, passes) one of the invariants checked on the JSON.
    public static TheoryData<string, string?> Cases => new()
    {
        { """{"resourceType":"Bundle","type":"collection","total":3}""", "bdl-1" },
        { """{"resourceType":"Bundle","total":3}""", null },
        { """{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}},"search":{"mode":"match"}}]}""", "bdl-2" },
        { """{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}},"request":{"method":"GET","url":"Basic"}}]}""", "bdl-3" },
        { """{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}}]}""", "bdl-3" },
        { """{"resourceType":"Bundle","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}}]}""", "bdl-3" },
        { """{"resourceType":"Bundle","type":"batch-response","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}}]}""", "bdl-4" },
        { """{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}},{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"y"}}}]}""", "bdl-7" },
        { """{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","meta":{"versionId":"1"},"code":{"text":"x"}}},{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","meta":{"versionId":"2"},"code":{"text":"y"}}}]}""", null },
        { """{"resourceType":"Bundle","type":"document","timestamp":"2020-01-01T00:00:00Z","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}}]}""", "bdl-9" },
        { """{"resourceType":"Bundle","type":"document","identifier":{"system":"urn:x","value":"1"},"entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}}]}""", "bdl-10" },
        { """{"resourceType":"Bundle","type":"document","identifier":{"system":"urn:x","value":"1"},"timestamp":"2020-01-01T00:00:00Z","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}}]}""", "bdl-11" },
        { """{"resourceType":"Bundle","type":"message","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Basic","code":{"text":"x"}}}]}""", "bdl-12" },
        { """{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1"}]}""", "bdl-5" },
        { """{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"http://x.org/fhir/Basic/1/_history/2","resource":{"resourceType":"Basic","id":"1","code":{"text":"x"}}}]}""", "bdl-8" },
        { """{"resourceType":"Basic","code":{"text":"x"},"contained":[{"resourceType":"Basic","id":"a","code":{"text":"y"},"contained":[{"resourceType":"Basic","id":"b","code":{"text":"z"}}]}],"subject":{"reference":"#a"}}""", "dom-2" },
        { """{"resourceType":"Basic","code":{"text":"x"},"contained":[{"resourceType":"Basic","id":"a","meta":{"versionId":"1"},"code":{"text":"y"}}],"subject":{"reference":"#a"}}""", "dom-4" },
        { """{"resourceType":"Basic","code":{"text":"x"},"contained":[{"resourceType":"Basic","id":"a","meta":{"lastUpdated":"2020-01-01T00:00:00Z"},"code":{"text":"y"}}],"subject":{"reference":"#a"}}""", "dom-4" },
        { """{"resourceType":"Basic","code":{"text":"x"},"contained":[{"resourceType":"Basic","id":"a","meta":{"security":[{"code":"R"}]},"code":{"text":"y"}}],"subject":{"reference":"#a"}}""", "dom-5" },
        { """{"resourceType":"Basic","code":{"text":"x"},"text":{"status":"generated"}}""", "dom-6" },
        { """{"resourceType":"Basic","code":{"text":"x"},"extension":[{"url":"http://example.org/x"}]}""", "ext-1" },
        { """{"resourceType":"Basic","code":{"text":"x"},"extension":[{"url":"http://example.org/x","valueString":"a","extension":[{"url":"y","valueString":"b"}]}]}""", "ext-1" },
        { """{"resourceType":"Basic","code":{"text":"x"},"subject":{"reference":"#nothere"}}""", "ref-1" },
        { """{"resourceType":"Basic","code":{"text":"x"},"contained":[{"resourceType":"Basic","id":"a","code":{"text":"y"}}],"subject":{"reference":"#a"}}""", null },
        { """{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"period":{"start":"2020-02-01","end":"2020-01-01"}}""", "per-1" },
        { """{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"period":{"start":"2020-01-01T10:00:00Z","end":"2020-01-01"}}""", null },
        { """{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"period":{"start":"2020-01-01T10:00:00+01:00","end":"2020-01-01T09:30:00Z"}}""", null },
        { """{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"period":{"start":"2020-01-01T10:00:00Z","end":"2020-01-01T09:30:00Z"}}""", "per-1" },
        { """{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1,"code":"mg"}}""", "qty-3" },
        { """{"resourceType":"CarePlan","status":"active","intent":"plan","subject":{"reference":"Patient/1"},"activity":[{"reference":{"reference":"ServiceRequest/1"},"detail":{"status":"scheduled"}}]}""", "cpl-3" },
        { """{"resourceType":"Condition","subject":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"abatementDateTime":"2020-01-01"}""", "con-4" },
        { """{"resourceType":"Condition","subject":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"resolved"}]},"abatementDateTime":"2020-01-01"}""", null },
        { """{"resourceType":"Condition","subject":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"entered-in-error"}]}}""", "con-5" },
        { """{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"1"}]},"valueString":"a","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"1"}]},"valueString":"b"}]}""", "obs-7" },
        { """{"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"Patient/1"},"orderDetail":[{"text":"x"}]}""", "prr-1" },
        { """{"resourceType":"ServiceRequest","status":"active","intent":"order","subject":{"reference":"Patient/1"}}""", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_broken_hot_invariant_is_reported_as_the_fhirpath_evaluation_reports_it(string json, string? key)
    {
        var fast = ValidatorTestKit.Validate(json, Fast);
        var fhirPath = ValidatorTestKit.Validate(json, AsFhirPath);
        Assert.Equal(fhirPath.Issues.Select(i => $"{i.Severity} {i.Location} {i.Text}"), fast.Issues.Select(i => $"{i.Severity} {i.Location} {i.Text}"));
        List<string> Failed(IEnumerable<ValidationIssue> issues) =>
            [.. issues.Where(i => i.Text.StartsWith("Constraint failed: ", StringComparison.Ordinal)).Select(i => i.Text.Split(':')[1].Trim())];
        if (key is null) Assert.Empty(Failed(fast.Errors)); // dom-6 (a narrative) is only a warning
        else Assert.Contains(key, Failed(fast.Issues));
    }
    // The conformance resources' invariants (eld-*, sdf-*, csd-*, vsd-*, ...), each broken once (or, for FHIRPath's empty results, passed).
    public static TheoryData<string, string?> DefinitionCases => new()
    {
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","min":2,"max":"1"}]}}""", "eld-2" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","max":"-1"}]}}""", "eld-3" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","type":[{"code":"CodeableConcept"},{"code":"CodeableConcept"}]}]}}""", "eld-13" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","constraint":[{"key":"a-1","severity":"error","human":"x","expression":"true"},{"key":"a-1","severity":"error","human":"y","expression":"true"}]}]}}""", "eld-14" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","isModifier":true}]}}""", "eld-18" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","type":[{"code":"CodeableConcept","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}]}}""", "eld-17" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","constraint":[{"key":"a-1","severity":"error","human":"x"}]}]}}""", "eld-21" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.extension","path":"Basic.extension","slicing":{"rules":"open"}}]}}""", "eld-1" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","binding":{"strength":"example","valueSet":"ftp://example.org/vs"}}]}}""", "eld-12" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","type":[{"code":"CodeableConcept"},{"code":"string"}],"fixedString":"a"}]}}""", "eld-6" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.extension:a b","path":"Basic.extension","sliceName":"a b"}]}}""", "eld-16" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic","sliceName":"s"},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-23" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic","label":"l"},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-9" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic","slicing":{"rules":"open","description":"d"}},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-20" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"path":"Basic.code"}]}}""", "sdf-17" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic","path":"Basic.code"}]}}""", "sdf-17" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic","type":[{"code":"Basic"}]},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-15a" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Patient.code","path":"Patient.code"}]}}""", "sdf-8a" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-8a" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-4" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-5" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","contextInvariant":["true"],"differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-18" },
        { """{"resourceType":"StructureDefinition","url":"http://hl7.org/fhir/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","type":[{"code":"Codeable-Concept"}]}]}}""", "sdf-19" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","defaultValueString":"a"}]}}""", "sdf-21" },
        { """{"resourceType":"StructureDefinition","url":"http://hl7.org/fhir/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code","defaultValueString":"a"}]}}""", "sdf-22" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","mapping":[{"identity":"m"}],"differential":{"element":[{"id":"Basic","path":"Basic"},{"id":"Basic.code","path":"Basic.code"}]}}""", "sdf-2" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint"}""", "sdf-6" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","snapshot":{"element":[{"id":"Basic","path":"Basic","definition":"d","min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Basic.code","min":0,"max":"1","base":{"path":"Basic.code","min":0,"max":"1"}}]}}""", "sdf-3" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","snapshot":{"element":[{"id":"Basic","path":"Basic","definition":"d","min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Basic.code","definition":"d","min":0,"max":"1"}]}}""", "sdf-8b" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","snapshot":{"element":[{"id":"Basic","path":"Patient","definition":"d","min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Basic.code","definition":"d","min":0,"max":"1","base":{"path":"Basic.code","min":0,"max":"1"}}]}}""", "sdf-11" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","snapshot":{"element":[{"id":"Basic","path":"Basic","definition":"d","min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Patient.code","definition":"d","min":0,"max":"1","base":{"path":"Patient.code","min":0,"max":"1"}}]}}""", "sdf-8" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","snapshot":{"element":[{"id":"Basic","path":"Basic","definition":"d","type":[{"code":"Basic"}],"min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Basic.code","definition":"d","min":0,"max":"1","base":{"path":"Basic.code","min":0,"max":"1"}}]}}""", "sdf-15" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"specialization","snapshot":{"element":[{"id":"Basic","path":"Basic","definition":"d","min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Basic.code","definition":"d","min":0,"max":"1","base":{"path":"Basic.code","min":0,"max":"1"}},{"id":"Basic.code2","path":"Basic.code","definition":"d","min":0,"max":"1","base":{"path":"Basic.code","min":0,"max":"1"}}]}}""", "sdf-1" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","snapshot":{"element":[{"id":"Basic","path":"Basic","definition":"d","min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Basic.code","definition":"d","min":0,"max":"1","base":{"path":"Basic.code","min":0,"max":"1"}},{"id":"Basic.code","path":"Basic.subject","definition":"d","min":0,"max":"1","base":{"path":"Basic.subject","min":0,"max":"1"}}]}}""", "sdf-16" },
        { """{"resourceType":"StructureDefinition","url":"http://example.org/StructureDefinition/x","name":"X","status":"draft","kind":"resource","abstract":false,"type":"Basic","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Basic","derivation":"constraint","snapshot":{"element":[{"id":"Basic","path":"Basic","definition":"d","min":0,"max":"*","base":{"path":"Basic","min":0,"max":"*"}},{"id":"Basic.code","path":"Basic.code","definition":"d","min":0,"max":"1","base":{"path":"Basic.code","min":0,"max":"1"},"binding":{"strength":"example"}}]}}""", "sdf-10" },
        { """{"resourceType":"CodeSystem","url":"http://example.org/cs","name":"Cs","status":"draft","content":"complete","concept":[{"code":"a","concept":[{"code":"a"}]}]}""", "csd-1" },
        { """{"resourceType":"CodeSystem","url":"http://example.org/cs","name":"cs","status":"draft","content":"complete"}""", "csd-0" },
        { """{"resourceType":"ValueSet","status":"draft","expansion":{"timestamp":"2020-01-01T00:00:00Z","contains":[{"abstract":false,"display":"x"}]}}""", "vsd-9" },
        { """{"resourceType":"ValueSet","status":"draft","expansion":{"timestamp":"2020-01-01T00:00:00Z","contains":[{"display":"x"}]}}""", null },
        { """{"resourceType":"ValueSet","status":"draft","expansion":{"timestamp":"2020-01-01T00:00:00Z","contains":[{"code":"x"}]}}""", "vsd-10" },
        { """{"resourceType":"ValueSet","status":"draft","expansion":{"timestamp":"2020-01-01T00:00:00Z","contains":[{"system":"urn:x"}]}}""", "vsd-6" },
        { """{"resourceType":"ValueSet","status":"draft","compose":{"include":[{"system":"urn:x","concept":[{"code":"a"}],"filter":[{"property":"p","op":"=","value":"v"}]}]}}""", "vsd-3" },
        { """{"resourceType":"ValueSet","status":"draft","compose":{"include":[{"valueSet":["http://example.org/vs"],"concept":[{"code":"a"}]}]}}""", "vsd-2" },
        { """{"resourceType":"ValueSet","status":"draft","compose":{"include":[{"version":"1"}]}}""", "vsd-1" },
        { """{"resourceType":"NamingSystem","name":"N","status":"draft","kind":"root","date":"2020-01-01","uniqueId":[{"type":"uuid","value":"urn:uuid:1"}]}""", "nsd-1" },
        { """{"resourceType":"NamingSystem","name":"N","status":"draft","kind":"identifier","date":"2020-01-01","uniqueId":[{"type":"uri","value":"urn:a","preferred":true},{"type":"uri","value":"urn:b","preferred":true}]}""", "nsd-2" },
        { """{"resourceType":"ConceptMap","status":"draft","group":[{"element":[{"code":"a","target":[{"code":"b","equivalence":"narrower"}]}]}]}""", "cmd-1" },
        { """{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"s","status":"draft","description":"d","code":"s","base":["Basic"],"type":"token","xpath":"f:Basic/f:code"}""", "spd-1" },
        { """{"resourceType":"OperationDefinition","name":"O","status":"draft","kind":"operation","code":"o","system":false,"type":false,"instance":false,"parameter":[{"name":"p","use":"in","min":0,"max":"1"}]}""", "opd-1" },
        { """{"resourceType":"CapabilityStatement","status":"draft","date":"2020-01-01","kind":"instance","fhirVersion":"4.0.1","format":["json"],"implementation":{"description":"d"},"rest":[{"mode":"server","resource":[{"type":"Basic","searchParam":[{"name":"a","type":"token"},{"name":"a","type":"string"}]}]}]}""", "cpb-12" },
        { """{"resourceType":"Patient","telecom":[{"value":"123"}]}""", "cpt-2" },
        { """{"resourceType":"Observation","status":"final","code":{"text":"x"},"referenceRange":[{"type":{"text":"t"}}]}""", "obs-3" },
        { """{"resourceType":"Observation","status":"final","code":{"text":"x"},"referenceRange":[{"low":{"value":1,"comparator":"<"}}]}""", "sqty-1" },
    };

    [Theory]
    [MemberData(nameof(DefinitionCases))]
    public void A_broken_conformance_resource_invariant_is_reported_as_the_fhirpath_evaluation_reports_it(string json, string? key) =>
        A_broken_hot_invariant_is_reported_as_the_fhirpath_evaluation_reports_it(json, key);
}
