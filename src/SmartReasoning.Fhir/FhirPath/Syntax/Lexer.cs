using System.Globalization;
using System.Text;

namespace SmartReasoning.Fhir.FhirPath.Syntax;

/// <summary>Splits a FHIRPath expression into tokens, skipping whitespace and comments.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            i = SkipTrivia(text, i);
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", text.Length));
                return tokens;
            }
            var start = i;
            var c = text[i];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if (c == '`')
            {
                var name = ReadQuoted(text, ref i, '`');
                tokens.Add(new Token(TokenKind.Identifier, name, start) { Delimited = true });
            }
            else if (c == '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadQuoted(text, ref i, '\''), start));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                }
                if (i < text.Length && text[i] == 'L' && !text[start..i].Contains('.', StringComparison.Ordinal))
                {
                    tokens.Add(new Token(TokenKind.LongNumber, text[start..i], start));
                    i++;
                }
                else tokens.Add(new Token(TokenKind.Number, text[start..i], start));
            }
            else if (c == '@')
            {
                tokens.Add(ReadDateTime(text, ref i));
            }
            else if (c == '%')
            {
                i++;
                string name;
                if (i < text.Length && text[i] is '\'' or '`') name = ReadQuoted(text, ref i, text[i]);
                else
                {
                    var nameStart = i;
                    while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-')) i++;
                    name = text[nameStart..i];
                    if (name.Length == 0) throw new FhirPathSyntaxException("'%' must be followed by a name", start);
                }
                tokens.Add(new Token(TokenKind.ExternalConstant, name, start));
            }
            else if (c == '$')
            {
                i++;
                while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
                var name = text[start..i];
                if (name is not ("$this" or "$index" or "$total"))
                    throw new FhirPathSyntaxException($"unknown special variable '{name}'", start);
                tokens.Add(new Token(TokenKind.Special, name, start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                if (two is "<=" or ">=" or "!=" or "!~")
                {
                    tokens.Add(new Token(TokenKind.Symbol, two, start));
                    i += 2;
                }
                else if (".,()[]{}+-*/&|<>=~".Contains(c, StringComparison.Ordinal))
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString(), start));
                    i++;
                }
                else throw new FhirPathSyntaxException($"unexpected character '{c}'", start);
            }
        }
    }

    private static int SkipTrivia(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) i++;
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new FhirPathSyntaxException("the comment is not closed with */", i);
                i = end + 2;
            }
            else break;
        }
        return i;
    }

    /// <summary>Reads a quoted string or delimited identifier, resolving its escapes.</summary>
    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var start = i;
        i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= text.Length) throw new FhirPathSyntaxException($"the {(quote == '`' ? "identifier" : "string")} is not closed with {quote}", start);
            var c = text[i++];
            if (c == quote) return sb.ToString();
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (i >= text.Length) throw new FhirPathSyntaxException("the string ends inside an escape", start);
            var e = text[i++];
            switch (e)
            {
                case '\'' or '"' or '`' or '\\' or '/': sb.Append(e); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (i + 4 > text.Length || !int.TryParse(text.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        throw new FhirPathSyntaxException("\\u must be followed by four hex digits", i - 2);
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: throw new FhirPathSyntaxException($"unknown escape '\\{e}'", i - 2);
            }
        }
    }

    /// <summary>Reads @date, @dateTime or @Ttime; the value's validity is checked when it is compiled.</summary>
    private static Token ReadDateTime(string text, ref int i)
    {
        var start = i;
        i++;
        if (i < text.Length && text[i] == 'T')
        {
            i++;
            var timeStart = i;
            ReadTime(text, ref i);
            if (i == timeStart) throw new FhirPathSyntaxException("@T must be followed by a time", start);
            return new Token(TokenKind.Time, text[timeStart..i], start);
        }
        var dateStart = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '-' && i > dateStart && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))) i++;
        if (i == dateStart) throw new FhirPathSyntaxException("@ must be followed by a date, dateTime or time", start);
        if (i < text.Length && text[i] == 'T')
        {
            i++;
            ReadTime(text, ref i);
            ReadZone(text, ref i);
            return new Token(TokenKind.DateTime, text[dateStart..i], start);
        }
        return new Token(TokenKind.Date, text[dateStart..i], start);
    }

    private static void ReadTime(string text, ref int i)
    {
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == ':' || (text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))) i++;
    }

    private static void ReadZone(string text, ref int i)
    {
        if (i < text.Length && text[i] == 'Z') i++;
        else if (i + 5 < text.Length && text[i] is '+' or '-' && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && text[i + 3] == ':')
            i += 6;
    }
}
