using System.Collections.Frozen;
using System.Xml;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Narrative XHTML: well-formed XML, one <c>div</c> in the XHTML namespace, only the formatting elements
/// chapters 7-11 of HTML 4 allow (no script, form, object...), no event attributes, and no entities that
/// XML does not define (<c>&amp;reg;</c> must be written as the character or <c>&amp;#174;</c>).
/// </summary>
internal sealed class XhtmlValidator(ValidationRun run)
{
    private static readonly FrozenSet<string> AllowedElements = new[]
    {
        "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "em", "i", "strong", "small", "big", "tt", "small",
        "dfn", "q", "var", "abbr", "acronym", "cite", "blockquote", "hr", "address", "bdo", "kbd", "ins", "del", "sub", "sup",
        "code", "samp", "img", "map", "area", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tfoot",
        "tbody", "colgroup", "col", "tr", "th", "td", "font", "center", "u", "s", "strike", "label",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    public void Check(string xhtml, ElementPath path)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xhtml), Settings);
            var first = true;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (first)
                {
                    first = false;
                    if (reader.LocalName != "div" || reader.NamespaceURI != "http://www.w3.org/1999/xhtml")
                        run.Outcome.Add(ValidationMessages.XhtmlNotDiv, path, $"found <{reader.Name}> in namespace '{reader.NamespaceURI}'");
                }
                else if (!AllowedElements.Contains(reader.LocalName))
                    run.Outcome.Add(ValidationMessages.XhtmlElement, path, reader.LocalName);
                if (reader.HasAttributes)
                    while (reader.MoveToNextAttribute())
                        if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                            run.Outcome.Add(ValidationMessages.XhtmlElement, path, reader.LocalName);
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("undeclared entity", StringComparison.OrdinalIgnoreCase)
                                      || ex.Message.Contains("Reference to undeclared", StringComparison.OrdinalIgnoreCase))
        {
            var start = xhtml.IndexOf('&', StringComparison.Ordinal);
            var end = start < 0 ? -1 : xhtml.IndexOf(';', start);
            run.Outcome.Add(ValidationMessages.XhtmlEntity, path, end > start ? xhtml[start..(end + 1)] : "&");
        }
        catch (XmlException ex)
        {
            run.Outcome.Add(ValidationMessages.XhtmlNotDiv, path, ex.Message);
        }
    }
}
