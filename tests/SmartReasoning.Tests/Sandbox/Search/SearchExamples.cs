using SmartReasoning.Sandbox.Search;

namespace SmartReasoning.Tests.Sandbox.Search;

/// <summary>A small, varied set of resources the search tests run over.</summary>
internal static class SearchExamples
{
    public const string Loinc = "http://loinc.org";
    public const string Category = "http://terminology.hl7.org/CodeSystem/observation-category";

    public static IReadOnlyList<ResourceIndex> Patients { get; } =
    [
        SearchFixture.Index("""
            {"resourceType":"Patient","id":"p1","meta":{"lastUpdated":"2024-03-01T12:00:00Z","tag":[{"system":"http://example.org/tags","code":"vip"}]},
             "identifier":[{"system":"http://hospital.example/mrn","value":"MRN-1","type":{"text":"Medical record number"}}],
             "active":true,"name":[{"family":"Müller","given":["Hans","Peter"]}],"gender":"male","birthDate":"1970-05-12",
             "telecom":[{"system":"phone","value":"555-1234"}],"address":[{"line":["Bahnhofstrasse 1"],"city":"Zürich","postalCode":"8001"}],
             "generalPractitioner":[{"reference":"Practitioner/dr1"}],"managingOrganization":{"reference":"http://example.org/fhir/Organization/org1"}}
            """),
        SearchFixture.Index("""
            {"resourceType":"Patient","id":"p2","meta":{"lastUpdated":"2024-01-02T00:00:00Z"},
             "identifier":[{"system":"http://hospital.example/mrn","value":"MRN-2"}],
             "active":false,"name":[{"family":"Smith","given":["Anna"]}],"gender":"female","birthDate":"1985",
             "deceasedBoolean":true}
            """),
        SearchFixture.Index("""
            {"resourceType":"Patient","id":"p3","meta":{"lastUpdated":"2024-02-15T08:30:00Z"},
             "name":[{"family":"Smithson","given":["Zoë"]}],"birthDate":"1985-03-04"}
            """),
    ];

    public static IReadOnlyList<ResourceIndex> Observations { get; } =
    [
        SearchFixture.Index("""
            {"resourceType":"Observation","id":"o1","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose [Mass/volume] in Blood"}],"text":"Blood glucose"},
             "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2021-03-04T10:15:00Z",
             "valueQuantity":{"value":95,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}
            """),
        SearchFixture.Index("""
            {"resourceType":"Observation","id":"o2","status":"preliminary",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
             "subject":{"reference":"Patient/p2"},"effectivePeriod":{"start":"2021-01-01","end":"2021-01-31"},
             "valueQuantity":{"value":72,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}}
            """),
        SearchFixture.Index("""
            {"resourceType":"Observation","id":"o3","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"Hemoglobin A1c"}]},
             "subject":{"reference":"Group/g1"},"effectiveDateTime":"2022",
             "valueQuantity":{"value":7.2,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}
            """),
        SearchFixture.Index("""
            {"resourceType":"Observation","id":"o4","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},
             "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2020-06-15",
             "component":[
               {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":120,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
               {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":80,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}
            """),
        SearchFixture.Index("""
            {"resourceType":"Observation","id":"o5","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"15074-8","display":"Glucose [Moles/volume] in Blood"}]},
             "subject":{"reference":"Patient/p2"},"effectiveDateTime":"2023-02-01T08:00:00+02:00",
             "valueQuantity":{"value":5.5,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}
            """),
    ];
}
