using System.Xml;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>The FHIR additions: extension, hasValue, getValue, resolve, memberOf, htmlChecks, conformsTo.</summary>
internal static class FhirFunctions
{
    private const string CoreProfileBase = "http://hl7.org/fhir/StructureDefinition/";

    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("extension", 1, 1, (focus, args, scope) => Extensions(focus, Arguments.String(args[0], scope, "extension()"))));
        // Not in N1, but R4's own search parameter QuestionnaireResponse-subject uses it.
        f.Add(new("hasExtension", 1, 1, (focus, args, scope) => Collection.Of(Extensions(focus, Arguments.String(args[0], scope, "hasExtension()")).Count > 0)));
        f.Add(new("hasValue", 0, 0, (focus, _, _) => Collection.Of(focus.Count == 1 && focus[0] is PrimitiveType { HasValue: true })));
        f.Add(new("getValue", 0, 0, (focus, _, _) =>
            focus.Count == 1 && focus[0] is PrimitiveType { HasValue: true } p ? Collection.Of(SystemValues.Of(p)) : Collection.Empty));
        f.Add(new("resolve", 0, 0, (focus, _, scope) =>
        {
            List<object>? output = null;
            foreach (var item in focus)
                if (ReferenceText(item) is { } reference && Resolve(reference, scope) is { } resource) (output ??= []).Add(resource);
            return output ?? Collection.Empty;
        }));
        f.Add(new("memberOf", 1, 1, (focus, args, scope) =>
        {
            var valueSet = Arguments.String(args[0], scope, "memberOf()");
            var item = Collection.Single(focus, "memberOf()");
            if (valueSet is null || item is null) return Collection.Empty;
            return Collection.Of(MemberOf(item, valueSet, scope));
        }));
        f.Add(new("htmlChecks", 0, 0, (focus, _, _) =>
            Collection.Single(focus, "htmlChecks()") is { } item && SystemValues.Of(item) is string html ? Collection.Of(IsSafeXhtml(html)) : Collection.Empty));
        f.Add(new("conformsTo", 1, 1, (focus, args, scope) =>
        {
            var url = Arguments.String(args[0], scope, "conformsTo()");
            if (url is null || Collection.Single(focus, "conformsTo()") is not Base item) return Collection.Empty;
            if (scope.Environment.ConformsTo?.Invoke(item, url) is { } answer) return Collection.Of(answer);
            if (url.StartsWith(CoreProfileBase, StringComparison.Ordinal) && ModelInfo.FindType(url[CoreProfileBase.Length..]) is { } type)
                return Collection.Of(item.TypeInfo.IsA(type));
            throw new FhirPathEvaluationException($"conformsTo(): the profile {url} is not known here");
        }));
    }

    private static IReadOnlyList<object> Extensions(IReadOnlyList<object> focus, string? url)
    {
        if (url is null) return Collection.Empty;
        List<object>? output = null;
        foreach (var item in focus)
            if (item is Base node && node.TypeInfo.FindElement("extension")?.Get(node) is List<Extension> extensions)
                foreach (var extension in extensions)
                    if (extension.Url == url) (output ??= []).Add(extension);
        return output ?? Collection.Empty;
    }

    private static string? ReferenceText(object item) => item switch
    {
        Reference r => r.ReferenceValue?.Value,
        PrimitiveType p => SystemValues.Of(p) as string,
        string s => s,
        _ => null,
    };

    /// <summary>Resolves a reference: <c>#id</c> among contained resources, then within the Bundle, then through the environment.</summary>
    private static Resource? Resolve(string reference, EvaluationScope scope)
    {
        if (reference.StartsWith('#'))
        {
            var id = reference[1..];
            foreach (var container in new[] { scope.Resource, scope.RootResource })
                if (container is DomainResource { _contained: { } contained })
                    foreach (var r in contained)
                        if (r.Id == id) return r;
            // Evaluated on a Bundle, a local reference belongs to one of its entries: look in their contained resources.
            if (scope.RootResource is Bundle { _entry: { } bundleEntries })
                foreach (var entry in bundleEntries)
                    if (entry.Resource is DomainResource { _contained: { } entryContained })
                        foreach (var r in entryContained)
                            if (r.Id == id) return r;
            return null;
        }
        if (scope.RootResource is Bundle { _entry: { } entries })
        {
            foreach (var entry in entries)
            {
                if (entry.Resource is not { } resource) continue;
                if (entry.FullUrl?.Value == reference) return resource;
                var relative = $"{resource.TypeInfo.Name}/{resource.Id}";
                if (reference == relative || reference.EndsWith("/" + relative, StringComparison.Ordinal)) return resource;
            }
        }
        return scope.Environment.ResolveReference?.Invoke(reference);
    }

    private static bool? MemberOf(object item, string valueSet, EvaluationScope scope)
    {
        IEnumerable<(string? System, string Code)> codes = item switch
        {
            Coding c when c.Code?.Value is { } code => [(c.System?.Value, code)],
            CodeableConcept cc => (cc._coding ?? []).Where(c => c.Code?.Value is not null).Select(c => (c.System?.Value, c.Code!.Value!)),
            _ when SystemValues.Of(item) is string code => [((string?)null, code)],
            _ => [],
        };
        bool? unknown = false;
        foreach (var (system, code) in codes)
        {
            var answer = scope.Environment.IsInValueSet?.Invoke(system, code, valueSet) ?? CodeTables.Contains(valueSet, system, code);
            if (answer == true) return true;
            if (answer is null) unknown = null;
        }
        return unknown;
    }

    /// <summary>
    /// The narrative rules of FHIR (xhtml constraint txt-1, txt-2): well-formed XHTML, a div root, no scripts, forms,
    /// frames or event handler attributes.
    /// </summary>
    private static bool IsSafeXhtml(string html)
    {
        string[] forbidden = ["script", "form", "input", "button", "select", "textarea", "frame", "frameset", "iframe", "object", "applet", "embed", "base", "link", "meta", "style", "head", "body", "title"];
        try
        {
            using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var first = true;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (first && (reader.LocalName != "div" || reader.NamespaceURI != "http://www.w3.org/1999/xhtml")) return false;
                first = false;
                if (forbidden.Contains(reader.LocalName)) return false;
                for (var i = 0; i < reader.AttributeCount; i++)
                {
                    reader.MoveToAttribute(i);
                    if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase)) return false;
                }
                reader.MoveToElement();
            }
            return !first;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
