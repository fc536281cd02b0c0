using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Required and extensible bindings on code, Coding, CodeableConcept and Quantity, checked with
/// <see cref="Terminology"/>. A code that cannot be placed (a ValueSet needing a terminology server) gives at
/// most an information issue. Also: codes unknown to a complete CodeSystem we hold, and a Coding.system that
/// names a ValueSet.
/// </summary>
internal sealed class BindingValidator(ValidationRun run)
{
    public void CheckPrimitive(JsonElement value, string typeCode, ElementNode def, ElementPath path)
    {
        if (def.Binding is not { ValueSet: { } vs, Strength: "required" } || value.ValueKind != JsonValueKind.String) return;
        if (typeCode is not ("code" or "string" or "uri")) return;
        var code = value.GetString()!;
        switch (run.Terminology.IsInValueSet(vs, null, code))
        {
            case false:
                run.Outcome.Add(ValidationMessages.CodeNotInRequired, path, code, run.Terminology.ValueSetName(vs), vs);
                break;
            case null:
                NotChecked(vs, path);
                break;
        }
    }

    public void CheckComplex(JsonElement value, string typeCode, ElementNode def, ElementPath path)
    {
        if (typeCode == "Coding") CheckCodingSystem(value, path);
        if (def.Binding is not { ValueSet: { } vs } binding || binding.Strength is not ("required" or "extensible")) return;
        var codings = Codings(value, typeCode);
        if (codings is null || codings.Count == 0) return;
        // Most codes are in the value set, or cannot be placed: found without lists and closures per value.
        var placed = true;
        foreach (var coding in codings)
        {
            var answer = coding.Str("code") is { } code ? run.Terminology.IsInValueSet(vs, coding.Str("system"), code) : null;
            if (answer == true) return;
            placed &= answer is not null;
        }
        if (!placed)
        {
            NotChecked(vs, path);
            return;
        }
        var shown = string.Join(", ", codings.Select(c => $"{c.Str("system")}#{c.Str("code")}"));
        if (typeCode != "Coding" && typeCode != "CodeableConcept")
        {
            if (binding.Strength == "required")
                run.Outcome.Add(ValidationMessages.UnitNotInRequired, path, codings[0].Str("system"), codings[0].Str("code"), run.Terminology.ValueSetName(vs), vs);
            return;
        }
        run.Outcome.Add(binding.Strength == "required" ? ValidationMessages.CodingNotInRequired : ValidationMessages.CodingNotInExtensible,
            path, run.Terminology.ValueSetName(vs), vs, shown);
    }

    private static IReadOnlyList<JsonElement>? Codings(JsonElement value, string typeCode) => typeCode switch
    {
        "Coding" => [value],
        "CodeableConcept" => value.TryGetProperty("coding", out var c) && c.ValueKind == JsonValueKind.Array ? [.. c.EnumerateArray()] : [],
        "Quantity" or "Age" or "Duration" or "Distance" or "Count" or "SimpleQuantity" or "MoneyQuantity" => value.Str("code") is null ? [] : [value],
        _ => null,
    };

    private void CheckCodingSystem(JsonElement coding, ElementPath path)
    {
        if (coding.Str("system") is not { } system) return;
        if (run.Resources.Find(system, "CodeSystem") is null && run.Resources.Find(system, "ValueSet") is not null)
        {
            run.Outcome.Add(ValidationMessages.CodingIsValueSet, $"{path}.system", system);
            return;
        }
        if (coding.Str("code") is { } code && run.Terminology.CodeExists(system, code) == false)
            run.Outcome.Add(ValidationMessages.CodeUnknownInSystem, $"{path}.code", code, system);
    }

    private void NotChecked(string vs, ElementPath path)
    {
        var (message, text) = run.Terminology.NotCheckedIssue(vs);
        run.Outcome.AddText(message, path, text);
    }
}
