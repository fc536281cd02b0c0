using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// Turns what a search parameter's FHIRPath expression found (model nodes and System values) into search values of the
/// parameter's type. Items of a kind the type does not cover are skipped, as the R4 search page's table of
/// "which datatypes each search type applies to" leaves them out.
/// </summary>
internal static class SearchValueExtractor
{
    private const string Ucum = "http://unitsofmeasure.org";
    private const string Currency = "urn:iso:std:iso:4217";

    public static void Extract(SearchParamType type, IReadOnlyList<object> items, List<SearchValue> output)
    {
        foreach (var item in items)
        {
            switch (type)
            {
                case SearchParamType.Token: AddToken(item, output); break;
                case SearchParamType.Reference: AddReference(item, output); break;
                case SearchParamType.Date: AddDate(item, output); break;
                case SearchParamType.String: AddString(item, output); break;
                case SearchParamType.Number: AddNumber(item, output); break;
                case SearchParamType.Quantity: AddQuantity(item, output); break;
                case SearchParamType.Uri: AddUri(item, output); break;
                default: break; // composite values are built by the indexer; special (near) is not indexed
            }
        }
    }

    private static void AddToken(object item, List<SearchValue> output)
    {
        switch (item)
        {
            case Coding c when c.Code?.Value is { } code:
                output.Add(new SearchValue { System = c.System?.Value, Code = code, Text = NormalizedOrNull(c.Display?.Value) });
                break;
            case CodeableConcept cc:
                foreach (var c in cc.Coding) AddToken(c, output);
                if (cc.Text?.Value is { } text) output.Add(new SearchValue { Text = TextNormalizer.Normalize(text) });
                break;
            case Identifier id when id.Value?.Value is { } value:
                output.Add(new SearchValue { System = id.System?.Value, Code = value, Text = NormalizedOrNull(id.Type?.Text?.Value) });
                break;
            case ContactPoint cp when cp.Value?.Value is { } value:
                // R4 matches a ContactPoint token on its value; the contact system (phone, email) is not a code system.
                output.Add(new SearchValue { Code = value });
                break;
            case Code code when code.Value is { } value:
                output.Add(new SearchValue { System = CodeSystemOf(code), Code = value });
                break;
            case PrimitiveType { HasValue: true } p and not DecimalPrimitive:
                output.Add(new SearchValue { Code = Text(p) });
                break;
            case string s: output.Add(new SearchValue { Code = s }); break;
            case bool b: output.Add(new SearchValue { Code = b ? "true" : "false" }); break;
            case int or long: output.Add(new SearchValue { Code = Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture) }); break;
            default: break;
        }
    }

    private static void AddReference(object item, List<SearchValue> output)
    {
        switch (item)
        {
            case Reference r:
                if (r.ReferenceValue?.Value is { Length: > 0 } reference) output.Add(new SearchValue { Text = ReferenceText.Normalize(reference) });
                if (r.Identifier?.Value?.Value is { } value) output.Add(new SearchValue { System = r.Identifier.System?.Value, Code = value });
                break;
            case TextPrimitive { Value: { Length: > 0 } uri }: // canonical, uri
                output.Add(new SearchValue { Text = ReferenceText.Normalize(uri) });
                break;
            case Resource { Id: { } id } resource: // Bundle.entry[0].resource: the resource itself
                output.Add(new SearchValue { Text = resource.TypeInfo.Name + "/" + id });
                break;
            case string s when s.Length > 0: output.Add(new SearchValue { Text = ReferenceText.Normalize(s) }); break;
            default: break;
        }
    }

    private static void AddDate(object item, List<SearchValue> output)
    {
        DateRange range;
        switch (item)
        {
            case Period p:
                var low = DateRange.TryParse(p.Start?.Value, out var start) ? start.Low : DateTimeOffset.MinValue;
                var high = DateRange.TryParse(p.End?.Value, out var end) ? end.High : DateTimeOffset.MaxValue;
                if (p.Start?.Value is null && p.End?.Value is null) return;
                output.Add(new SearchValue { Period = new DateRange(low, high) });
                return;
            case Timing t:
                foreach (var e in t.Event) AddDate(e, output);
                if (t.Repeat?.Bounds is Period bounds) AddDate(bounds, output);
                return;
            case TextPrimitive tp when DateRange.TryParse(tp.Value, out range): break;
            case FhirPathDateTime dt when DateRange.TryFrom(dt, out range): break;
            case FhirPathDate d when DateRange.TryFrom(d, out range): break;
            case string s when DateRange.TryParse(s, out range): break;
            default: return;
        }
        output.Add(new SearchValue { Period = range });
    }

    private static void AddString(object item, List<SearchValue> output)
    {
        switch (item)
        {
            case HumanName n:
                AddText(n.Text?.Value, output);
                AddText(n.Family?.Value, output);
                foreach (var part in n.Given) AddText(part.Value, output);
                foreach (var part in n.Prefix) AddText(part.Value, output);
                foreach (var part in n.Suffix) AddText(part.Value, output);
                break;
            case Address a:
                AddText(a.Text?.Value, output);
                foreach (var line in a.Line) AddText(line.Value, output);
                AddText(a.City?.Value, output);
                AddText(a.District?.Value, output);
                AddText(a.State?.Value, output);
                AddText(a.PostalCode?.Value, output);
                AddText(a.Country?.Value, output);
                break;
            case TextPrimitive p: AddText(p.Value, output); break;
            case string s: AddText(s, output); break;
            default: break;
        }
    }

    private static void AddText(string? text, List<SearchValue> output)
    {
        if (string.IsNullOrEmpty(text)) return;
        output.Add(new SearchValue { Text = TextNormalizer.Normalize(text), Exact = text });
    }

    private static void AddNumber(object item, List<SearchValue> output)
    {
        switch (item)
        {
            case Fhir.Model.Range r: AddRange(r, output); break;
            case Quantity q when q.Value?.Value is { } v: output.Add(Point(v)); break;
            case IntegerPrimitive { Value: { } i }: output.Add(Point(i)); break;
            case DecimalPrimitive { Value: { } d }: output.Add(Point(d)); break;
            case int i: output.Add(Point(i)); break;
            case long l: output.Add(Point(l)); break;
            case decimal d: output.Add(Point(d)); break;
            default: break;
        }
    }

    private static void AddQuantity(object item, List<SearchValue> output)
    {
        switch (item)
        {
            case Quantity q when q.Value?.Value is { } v:
                output.Add(Point(v) with { System = q.System?.Value, Code = q.Code?.Value, Unit = q.Unit?.Value });
                break;
            case Money m when m.Value?.Value is { } v:
                output.Add(Point(v) with { System = m.Currency?.Value is null ? null : Currency, Code = m.Currency?.Value });
                break;
            case Fhir.Model.Range r: AddRange(r, output); break;
            case FhirPathQuantity q:
                output.Add(Point(q.Value) with { System = q.IsCalendarDuration ? null : Ucum, Code = q.Unit, Unit = q.Unit });
                break;
            default: AddNumber(item, output); break;
        }
    }

    private static void AddRange(Fhir.Model.Range r, List<SearchValue> output)
    {
        var low = r.Low?.Value?.Value;
        var high = r.High?.Value?.Value;
        if (low is null && high is null) return;
        var unit = r.Low?.Value is not null ? r.Low : r.High;
        output.Add(new SearchValue
        {
            Number = low ?? decimal.MinValue,
            NumberHigh = high ?? decimal.MaxValue,
            System = unit?.System?.Value,
            Code = unit?.Code?.Value,
            Unit = unit?.Unit?.Value,
        });
    }

    private static void AddUri(object item, List<SearchValue> output)
    {
        switch (item)
        {
            case TextPrimitive { Value: { Length: > 0 } uri }: output.Add(new SearchValue { Text = uri }); break;
            case string { Length: > 0 } s: output.Add(new SearchValue { Text = s }); break;
            default: break;
        }
    }

    private static SearchValue Point(decimal value) => new() { Number = value, NumberHigh = value };

    private static string? NormalizedOrNull(string? text) => text is null ? null : TextNormalizer.Normalize(text);

    private static string Text(PrimitiveType p) => p switch
    {
        TextPrimitive t => t.Value!,
        BooleanPrimitive b => b.Value == true ? "true" : "false",
        _ => p.ToString(),
    };

    private static string? CodeSystemOf(Code code) => code.BoundSystem;
}
