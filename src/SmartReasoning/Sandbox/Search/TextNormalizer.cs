using System.Text;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// The form string search compares: lower case, accents removed, runs of white space and punctuation made one space,
/// so "Müller-Lüdenscheidt" finds "muller ludenscheidt". Accents are folded by a table because the service runs with
/// invariant globalization, where <see cref="string.Normalize()"/> does not decompose letters.
/// </summary>
public static class TextNormalizer
{
    // U+00C0..U+017F (Latin-1 Supplement letters, Latin Extended-A): the base letter; '*' a letter of its own
    // (see Special); '.' a symbol (× ÷) kept as is.
    private const string Folding =
        "aaaaaa*ceeeeiiii*nooooo.*uuuuy**aaaaaa*ceeeeiiii*nooooo.*uuuuy*y" +
        "aaaaaaccccccccdd**eeeeeeeeeegggggggghh**iiiiiiiii***jjkk*llllll*" +
        "***nnnnnn***oooooo**rrrrrrsssssssstttt**uuuuuuuuuuuuwwyyyzzzzzz*";

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in text)
        {
            if (ch is >= '\u0300' and <= '\u036f') continue; // combining accents of already-decomposed text
            if (char.IsWhiteSpace(ch) || char.IsPunctuation(ch))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            if (ch < 128) sb.Append(char.ToLowerInvariant(ch));
            else if (ch is >= '\u00c0' and <= '\u017f' && Folding[ch - 0xc0] is var folded && folded != '.')
                sb.Append(folded == '*' ? Special(ch) : folded);
            else sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    private static string Special(char ch) => ch switch
    {
        'Æ' or 'æ' => "ae",
        'Œ' or 'œ' => "oe",
        'Ĳ' or 'ĳ' => "ij",
        'Þ' or 'þ' => "th",
        'ß' => "ss",
        'Ø' or 'ø' => "o",
        'Ð' or 'ð' or 'Đ' or 'đ' => "d",
        'Ħ' or 'ħ' => "h",
        'ı' => "i",
        'Ŀ' or 'ŀ' or 'Ł' or 'ł' => "l",
        'Ŋ' or 'ŋ' or 'ŉ' => "n",
        'Ŧ' or 'ŧ' => "t",
        'ſ' => "s",
        'ĸ' => "k",
        _ => char.ToLowerInvariant(ch).ToString(),
    };
}
