using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Deidentify;

/// <summary>
/// De-identified copies of a patient's resources, the map from their hashed references back to the real ones
/// (stays in our process), and the offset every date was moved by.
/// </summary>
public sealed record DeidentifiedRecord(IReadOnlyList<Resource> Resources, ReferenceMap Map, TimeSpan DateShift);
