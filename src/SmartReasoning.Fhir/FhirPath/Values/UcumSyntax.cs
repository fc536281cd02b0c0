using System.Globalization;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// Splits a UCUM unit expression into its terms (UCUM's grammar: terms joined by '.' and '/', an optional
/// leading '/', exponents after symbols, annotations in braces, parenthesised sub-terms, '[...]' inside atoms).
/// Syntax only: whether the symbols are known units is <see cref="UcumUnits"/>' business. Never throws.
/// </summary>
internal static class UcumSyntax
{
    private const int MaxLength = 200;

    public static bool TryParse(string text, out List<UnitTerm> terms)
    {
        terms = [];
        if (text.Length is 0 or > MaxLength) return false;
        var pos = 0;
        var sign = 1;
        if (text[0] == '/')
        {
            sign = -1;
            pos++;
        }

        while (true)
        {
            if (!TryReadComponent(text, ref pos, out var term)) return false;
            terms.Add(term with { Exponent = term.Exponent * sign });
            if (pos == text.Length) return true;
            sign = text[pos] switch { '.' => 1, '/' => -1, _ => 0 };
            if (sign == 0) return false;
            pos++;
        }
    }

    private static bool TryReadComponent(string text, ref int pos, out UnitTerm term)
    {
        term = new UnitTerm("", "", 1);
        if (pos >= text.Length) return false;
        if (text[pos] == '(') return TryReadGroup(text, ref pos, out term);

        var start = pos;
        while (pos < text.Length && text[pos] is not ('.' or '/' or '(' or ')' or '{'))
        {
            var c = text[pos];
            if (c == '[')
            {
                var close = text.IndexOf(']', pos + 1);
                if (close < 0) return false;
                pos = close + 1;
                continue;
            }

            if (c is ']' or '}' or < '!' or > '~') return false;
            pos++;
        }

        var body = text[start..pos];
        if (!TryReadAnnotation(text, ref pos, out var annotation)) return false;
        if (body.Length == 0)
        {
            term = new UnitTerm("", annotation, 1);
            return annotation.Length > 0;
        }

        if (body.All(char.IsAsciiDigit))
        {
            term = new UnitTerm(body.TrimStart('0') is { Length: > 0 } n ? n : "0", annotation, 1);
            return body.Length <= 18;
        }

        // Trailing digits are the exponent ("cm2", "s-1", "10*3"); what precedes them is the symbol.
        var digitsStart = body.Length;
        while (digitsStart > 0 && char.IsAsciiDigit(body[digitsStart - 1])) digitsStart--;
        if (digitsStart == body.Length)
        {
            term = new UnitTerm(body, annotation, 1);
            return true;
        }

        var symbolEnd = digitsStart > 0 && body[digitsStart - 1] is '+' or '-' ? digitsStart - 1 : digitsStart;
        if (symbolEnd == 0 || body.Length - digitsStart > 3) return false;
        term = new UnitTerm(body[..symbolEnd], annotation, int.Parse(body.AsSpan(symbolEnd), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        return true;
    }

    private static bool TryReadGroup(string text, ref int pos, out UnitTerm term)
    {
        term = new UnitTerm("", "", 1);
        var depth = 0;
        for (var i = pos; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0)
            {
                var inner = text[(pos + 1)..i];
                if (!TryParse(inner, out _)) return false;
                pos = i + 1;
                if (!TryReadAnnotation(text, ref pos, out var annotation)) return false;
                term = new UnitTerm("(" + inner + ")", annotation, 1);
                return true;
            }
        }

        return false;
    }

    private static bool TryReadAnnotation(string text, ref int pos, out string annotation)
    {
        annotation = "";
        if (pos >= text.Length || text[pos] != '{') return true;
        var close = text.IndexOf('}', pos + 1);
        if (close < 0 || text.IndexOf('{', pos + 1, close - pos - 1) >= 0) return false;
        annotation = text[pos..(close + 1)];
        pos = close + 1;
        return true;
    }
}
