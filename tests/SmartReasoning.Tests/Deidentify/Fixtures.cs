using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Tests.Deidentify;

/// <summary>A hand-made patient with one of everything Safe Harbor removes, and helpers.</summary>
internal static class Fixtures
{
    public static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public static readonly DateOnly Today = new(2026, 1, 1);

    public static Deidentifier Deidentifier(AnonymizationPolicy? policy = null, byte[]? secret = null) =>
        new(new DeidentifyOptions { Secret = secret ?? Secret, Today = Today, Policy = policy ?? AnonymizationPolicy.SafeHarbor });

    public static T Parse<T>(string json) where T : Resource =>
        (T)(new FhirJsonParser().Parse(json).Value ?? throw new InvalidOperationException("fixture does not parse"));

    public static string Json(Resource resource) => FhirJsonSerializer.SerializeToString(resource);

    public static Patient Patient(string id = "pat-1001", string birthDate = "1961-04-17") => Parse<Patient>($$"""
        {
          "resourceType": "Patient",
          "id": "{{id}}",
          "text": { "status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Harriet Quimby, MRN 4471923</div>" },
          "identifier": [
            { "system": "http://hospital.example/mrn", "value": "4471923", "type": { "text": "Medical record number" } },
            { "system": "http://hl7.org/fhir/sid/us-ssn", "value": "999-12-3456" }
          ],
          "name": [ { "use": "official", "family": "Quimby", "given": [ "Harriet", "Jo" ], "prefix": [ "Ms." ] } ],
          "telecom": [
            { "system": "phone", "value": "(617) 555-0143", "use": "home" },
            { "system": "email", "value": "harriet.quimby@example.org" }
          ],
          "gender": "female",
          "birthDate": "{{birthDate}}",
          "address": [ {
            "use": "home", "line": [ "1428 Elm Street", "Apt 3" ], "city": "Springfield", "district": "Hampden",
            "state": "MA", "postalCode": "01109", "country": "US"
          } ],
          "maritalStatus": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "W", "display": "Widowed" } ], "text": "Widow of Mr Quimby" },
          "photo": [ { "contentType": "image/jpeg", "data": "AAAA" } ],
          "contact": [ { "name": { "family": "Quimby", "given": [ "Robert" ] }, "telecom": [ { "system": "phone", "value": "617-555-0199" } ] } ],
          "generalPractitioner": [ { "reference": "Practitioner/dr-7", "display": "Dr. Alice Moreau" } ]
        }
        """);

    public static Observation Observation(string id = "obs-1", string patientId = "pat-1001") => Parse<Observation>($$"""
        {
          "resourceType": "Observation",
          "id": "{{id}}",
          "meta": { "lastUpdated": "2024-03-05T10:15:00Z" },
          "text": { "status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">BP for Harriet</div>" },
          "identifier": [ { "value": "ACC-88112" } ],
          "status": "final",
          "category": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs" } ] } ],
          "code": { "coding": [ { "system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure panel" } ], "text": "BP taken by Harriet's daughter" },
          "subject": { "reference": "Patient/{{patientId}}", "display": "Harriet Quimby" },
          "encounter": { "reference": "Encounter/enc-9" },
          "effectivePeriod": { "start": "2024-03-05T09:30:00-05:00", "end": "2024-03-05T09:45:00-05:00" },
          "issued": "2024-03-05T10:00:00.000Z",
          "note": [ { "authorString": "Nurse Kim", "time": "2024-03-05", "text": "Harriet Quimby called from (617) 555-0143" } ],
          "component": [
            { "code": { "coding": [ { "system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure" } ] },
              "valueQuantity": { "value": 142, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]" } },
            { "code": { "coding": [ { "system": "http://loinc.org", "code": "8462-4", "display": "Diastolic blood pressure" } ] },
              "valueQuantity": { "value": 91, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]" } }
          ]
        }
        """);

    public static Condition Condition(string patientId = "pat-1001") => Parse<Condition>($$"""
        {
          "resourceType": "Condition",
          "id": "cond-5",
          "clinicalStatus": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active" } ] },
          "code": { "coding": [ { "system": "http://snomed.info/sct", "code": "38341003", "display": "Hypertensive disorder" } ] },
          "subject": { "reference": "Patient/{{patientId}}" },
          "onsetDateTime": "2019-06",
          "recordedDate": "2019",
          "abatementDateTime": "2023-11-20"
        }
        """);
}
