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
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = new Code<ResourceType> { Value = type.Name },
                Interaction =
                [
                    .. new[] { TypeRestfulInteraction.Read, TypeRestfulInteraction.Vread, TypeRestfulInteraction.Update, TypeRestfulInteraction.Delete, TypeRestfulInteraction.HistoryInstance, TypeRestfulInteraction.Create }
                        .Select(i => new CapabilityStatement.ResourceInteractionComponent { Code = i }),
                ],
                Versioning = ResourceVersionPolicy.Versioned,
                ReadHistory = new FhirBoolean { Value = true },
                UpdateCreate = new FhirBoolean { Value = true },
            });
        }
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
}
