using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>The sandbox's CapabilityStatement: only what it really does.</summary>
internal static class CapabilityStatementBuilder
{
    public static CapabilityStatement Build(string baseUrl)
    {
        var rest = new CapabilityStatement.RestComponent { Mode = RestfulCapabilityMode.Server };
        foreach (var type in ModelInfo.ResourceTypes.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var resource = new CapabilityStatement.ResourceComponent
            {
                Type = new Code<ResourceType> { Value = type.Name },
                Interaction =
                [
                    .. new[] { TypeRestfulInteraction.Read, TypeRestfulInteraction.Vread, TypeRestfulInteraction.Update, TypeRestfulInteraction.Delete, TypeRestfulInteraction.HistoryInstance, TypeRestfulInteraction.Create, TypeRestfulInteraction.SearchType }
                        .Select(i => new CapabilityStatement.ResourceInteractionComponent { Code = i }),
                ],
                Versioning = ResourceVersionPolicy.Versioned,
                ReadHistory = new FhirBoolean { Value = true },
                UpdateCreate = new FhirBoolean { Value = true },
                ConditionalCreate = new FhirBoolean { Value = true },
                SearchInclude = [new FhirString { Value = "*" }],
                SearchRevInclude = [new FhirString { Value = "*" }],
                SearchParam =
                [
                    .. SearchParameterCatalogue.ForResource(type.Name).Values
                        .Where(p => p.Expression is not null && p.Code is not ("_text" or "_content" or "_list" or "_filter" or "_query" or "_has" or "_type"))
                        .OrderBy(p => p.Code, StringComparer.Ordinal)
                        .Select(p => new CapabilityStatement.SearchParamComponent
                        {
                            Name = new FhirString { Value = p.Code },
                            Definition = new Canonical { Value = p.Url },
                            Type = p.Type,
                        }),
                ],
            };
            if (type.Name == "Patient")
                resource.Operation.Add(new CapabilityStatement.OperationComponent { Name = new FhirString { Value = "everything" }, Definition = new Canonical { Value = "http://hl7.org/fhir/OperationDefinition/Patient-everything" } });
            rest.Resource.Add(resource);
        }
        rest.Security = Security(baseUrl);
        rest.Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = SystemRestfulInteraction.Transaction }, new CapabilityStatement.SystemInteractionComponent { Code = SystemRestfulInteraction.Batch }];
        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = new FhirDateTime { Value = "2026-11-22" },
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = new FhirString { Value = "SmartReasoning sandbox EHR" } },
            Implementation = new CapabilityStatement.ImplementationComponent
            {
                Description = new FhirString { Value = "A strict, self-contained FHIR R4 server for development and tests" },
                Url = new FhirUrl { Value = baseUrl },
            },
            FhirVersion = FHIRVersion._401,
            Format = [new Code { Value = "json" }],
            Rest = [rest],
        };
    }

    /// <summary>SMART on FHIR security: the OAuth endpoints as the oauth-uris extension, for apps that discover from the CapabilityStatement.</summary>
    private static CapabilityStatement.SecurityComponent Security(string fhirBase)
    {
        var root = fhirBase[..fhirBase.LastIndexOf("/fhir", StringComparison.Ordinal)];
        var oauth = new Extension { Url = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris" };
        foreach (var (name, path) in new[] { ("authorize", "/auth/authorize"), ("token", "/auth/token"), ("register", "/auth/register"), ("introspect", "/auth/introspect") })
            oauth.Extension.Add(new Extension { Url = name, Value = new FhirUri { Value = root + path } });
        return new CapabilityStatement.SecurityComponent
        {
            Cors = new FhirBoolean { Value = true },
            Service =
            [
                new CodeableConcept
                {
                    Coding = [new Coding { System = new FhirUri { Value = "http://terminology.hl7.org/CodeSystem/restful-security-service" }, Code = new Code { Value = "SMART-on-FHIR" } }],
                },
            ],
            Extension = [oauth],
        };
    }
}
