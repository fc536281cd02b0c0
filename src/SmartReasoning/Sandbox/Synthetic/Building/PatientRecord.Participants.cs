using SmartReasoning.Fhir.Model;
using static SmartReasoning.Sandbox.Synthetic.FhirValues;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>The people and the organization of the record: Patient, Practitioners, Organization.</summary>
internal sealed partial class PatientRecord
{
    /// <summary>The display name of the patient, as references carry it.</summary>
    public string DisplayName => $"{Who.Given} {Who.Family}";

    /// <summary>The reference of the clinician of a specialty, created (as an entry) on first use.</summary>
    public string ClinicianRef(Specialty specialty)
    {
        if (_clinicianRefs.TryGetValue(specialty, out var existing)) return existing;
        var clinician = Clinicians.Create(Random, specialty);
        _clinicians[specialty] = clinician;
        var practitioner = new Practitioner
        {
            Meta = Profiled(UsCore.Practitioner),
            Identifier = [new Identifier { System = Uri(CodeSystems.Npi), Value = Str(clinician.Npi) }],
            Active = Bool(true),
            Name = [new HumanName { Use = NameUse.Official, Family = Str(clinician.Family), Given = [Str(clinician.Given)], Suffix = [Str(clinician.Credential)] }],
            Telecom = [new ContactPoint { System = ContactPointSystem.Phone, Value = Str(Who.Phone[..5] + " 555-0100"), Use = ContactPointUse.Work }],
            Qualification =
            [
                new Practitioner.QualificationComponent
                {
                    Code = Concept("http://nucc.org/provider-taxonomy", clinician.TaxonomyCode, clinician.TaxonomyDisplay, clinician.TaxonomyDisplay),
                },
            ],
        };
        var reference = Add(practitioner);
        _clinicianRefs[specialty] = reference;
        return reference;
    }

    /// <summary>The display name of a clinician already referenced.</summary>
    public string ClinicianName(string reference)
    {
        foreach (var (specialty, r) in _clinicianRefs)
            if (r == reference) return _clinicians[specialty].DisplayName;
        return string.Empty;
    }

    private Organization BuildOrganization() => new()
    {
        Meta = Profiled(UsCore.Organization),
        Identifier = [new Identifier { System = Uri(CodeSystems.Npi), Value = Str(Clinicians.Npi(Random)) }],
        Active = Bool(true),
        Type = [Concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
        Name = Str(OrganizationName),
        Telecom = [new ContactPoint { System = ContactPointSystem.Phone, Value = Str(Who.Phone[..5] + " 555-0100"), Use = ContactPointUse.Work }],
        Address = [new Address { Line = [Str("1 Medical Center Drive")], City = Str(Who.City), State = Str(Who.State), PostalCode = Str(Who.PostalCode[..3] + "00"), Country = Str("US") }],
    };

    private Patient BuildPatient()
    {
        var meta = Profiled(UsCore.Patient);
        meta.Tag = [ArchetypeTag.ToCoding(Archetype)];
        meta.Security = [Coding(CodeSystems.ActReason, "HTEST", "test health data")];
        return new Patient
        {
            Meta = meta,
            Extension =
            [
                OmbExtension(UsCore.RaceExtension, Who.Race),
                OmbExtension(UsCore.EthnicityExtension, Who.Ethnicity),
                Extension(UsCore.BirthSexExtension, new Code { Value = Female ? "F" : "M" }),
            ],
            Identifier =
            [
                new Identifier
                {
                    Use = IdentifierUse.Usual,
                    Type = Concept(CodeSystems.IdentifierType, "MR", "Medical record number", "MRN"),
                    System = Uri(CodeSystems.SandboxMrn),
                    Value = Str(Mrn),
                },
            ],
            Active = Bool(true),
            Name = [new HumanName { Use = NameUse.Official, Family = Str(Who.Family), Given = [Str(Who.Given), Str(Who.Middle)] }],
            Telecom = [new ContactPoint { System = ContactPointSystem.Phone, Value = Str(Who.Phone), Use = ContactPointUse.Home }],
            Gender = Female ? AdministrativeGender.Female : AdministrativeGender.Male,
            BirthDate = DateOf(Who.BirthDate),
            Address =
            [
                new Address
                {
                    Use = AddressUse.Home, Line = [Str(Who.Line)], City = Str(Who.City), State = Str(Who.State),
                    PostalCode = Str(Who.PostalCode), Country = Str("US"),
                },
            ],
            Communication =
            [
                new Patient.CommunicationComponent
                {
                    Language = Concept(CodeSystems.Language, Who.Language, Who.LanguageDisplay, Who.LanguageDisplay),
                    Preferred = Bool(true),
                },
            ],
            GeneralPractitioner = [Ref(PrimaryClinician, _clinicians[PrimarySpecialty].DisplayName)],
            ManagingOrganization = Ref(OrganizationRef, OrganizationName),
        };
    }

    private static Extension OmbExtension(string url, Concept category) => new()
    {
        Url = url,
        Extension = [Extension("ombCategory", Coding(category)), Extension("text", Str(category.Display))],
    };
}
