using System.Collections;
using System.Globalization;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Deidentify;

/// <summary>
/// The last gate before a model: knows the patient's identifiers from the ORIGINAL resources (names, every
/// Identifier value, phones, emails, addresses, birth date, resource ids) and finds them in outgoing text.
/// Words are compared case-insensitively as whole alphanumeric tokens (so "Ann" is not found in "Annual", nor an
/// id inside a hash), ignoring the punctuation between them; phones by their digits alone; the birth date in the
/// common written formats. It never reports an identifier's value, only its kind.
/// </summary>
public sealed class LeakCheck
{
    private static readonly string[] s_dateFormats =
        ["yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "d.M.yyyy", "yyyy/MM/dd", "MMMM d, yyyy", "MMM d, yyyy", "d MMMM yyyy", "d MMM yyyy"];

    // Terms by their first token; a term matches when all its tokens follow in the text.
    private readonly Dictionary<string, List<(string[] Tokens, IdentifierKind Kind)>> _byFirstToken = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _terms = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _phones = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dates = new(StringComparer.OrdinalIgnoreCase);

    private LeakCheck() { }

    /// <summary>How many distinct identifiers are looked for.</summary>
    public int IdentifierCount => _byFirstToken.Values.Sum(l => l.Count) + _phones.Count + _dates.Count;

    /// <summary>Collects the identifiers of the patient in these original (not de-identified) resources.</summary>
    public static LeakCheck For(IEnumerable<Resource> originals)
    {
        ArgumentNullException.ThrowIfNull(originals);
        var check = new LeakCheck();
        foreach (var resource in originals)
        {
            if (resource.Id is { Length: >= 4 } id) check.AddTerm(id, IdentifierKind.ResourceId);
            switch (resource)
            {
                case Patient patient:
                    foreach (var name in patient.Name) check.AddName(name);
                    foreach (var telecom in patient.Telecom) check.AddTelecom(telecom);
                    foreach (var address in patient.Address) check.AddAddress(address);
                    foreach (var contact in patient.Contact)
                    {
                        if (contact.Name is { } n) check.AddName(n);
                        foreach (var telecom in contact.Telecom) check.AddTelecom(telecom);
                        if (contact.Address is { } a) check.AddAddress(a);
                    }
                    if (patient.BirthDate?.Value is { } birth) check.AddBirthDate(birth);
                    break;
                case RelatedPerson person:
                    foreach (var name in person.Name) check.AddName(name);
                    foreach (var telecom in person.Telecom) check.AddTelecom(telecom);
                    foreach (var address in person.Address) check.AddAddress(address);
                    break;
            }
            foreach (var identifier in Identifiers(resource))
                if (identifier.Value?.Value is { Length: >= 4 } value) check.AddTerm(value, IdentifierKind.Identifier);
        }
        return check;
    }

    /// <summary>Collects the identifiers of the patient in a Bundle of original resources.</summary>
    public static LeakCheck For(Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return For(bundle.Entry.Select(e => e.Resource).OfType<Resource>());
    }

    /// <summary>Every identifier of the patient found in the text (kind and position), in order of position.</summary>
    public IReadOnlyList<LeakHit> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hits = new List<LeakHit>();
        var tokens = TokenRanges(text);
        var lookup = _byFirstToken.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            // Looked up by span: a request of a megabyte has some hundred thousand words, none worth a string.
            if (!lookup.TryGetValue(text.AsSpan(tokens[i]), out var terms)) continue;
            // The longest term that matches names the kind: an email starting with the patient's name is an email.
            (string[] Tokens, IdentifierKind Kind)? best = null;
            foreach (var term in terms)
                if (FollowsAt(text, tokens, i, term.Tokens) && (best is null || term.Tokens.Length > best.Value.Tokens.Length)) best = term;
            if (best is not { } found) continue;
            hits.Add(new LeakHit(found.Kind, tokens[i].Start.Value));
            i += found.Tokens.Length - 1; // the words of one identifier are one hit
        }
        if (_phones.Count > 0) ScanPhones(text, hits);
        foreach (var date in _dates)
            for (var at = text.IndexOf(date, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(date, at + 1, StringComparison.OrdinalIgnoreCase))
                if (!IsDigitAt(text, at - 1) && !IsDigitAt(text, at + date.Length)) hits.Add(new LeakHit(IdentifierKind.BirthDate, at));
        hits.Sort((a, b) => a.Position.CompareTo(b.Position));
        return hits;
    }

    /// <summary>Throws when the text holds any identifier of the patient; the message names only the kinds.</summary>
    /// <exception cref="IdentifierLeakException">An identifier was found; the text must not be sent.</exception>
    public void EnsureNoLeak(string text)
    {
        var hits = Scan(text);
        if (hits.Count > 0) throw new IdentifierLeakException([.. hits.Select(h => h.Kind).Distinct().Order()]);
    }

    private void AddName(HumanName name)
    {
        foreach (var given in name.Given) AddNamePart(given.Value);
        AddNamePart(name.Family?.Value);
        AddNamePart(name.Text?.Value);
    }

    private void AddNamePart(string? part)
    {
        if (part is null) return;
        // Each word of a name on its own, as a note may use just one ("Mrs. Van Dyke" is found as "Dyke").
        foreach (var (word, _) in Tokenize(part))
            if (word.Length >= 3) AddTerm(word, IdentifierKind.Name);
    }

    private void AddTelecom(ContactPoint telecom)
    {
        if (telecom.Value?.Value is not { } value) return;
        if (telecom.System?.Value is "email" || value.Contains('@', StringComparison.Ordinal))
        {
            AddTerm(value, IdentifierKind.Email);
            return;
        }
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        // The last ten digits: a note writes the number without the country code as often as with it.
        if (digits.Length >= 7) _phones.Add(digits.Length > 10 ? digits[^10..] : digits);
    }

    private void AddAddress(Address address)
    {
        foreach (var line in address.Line) AddTerm(line.Value, IdentifierKind.Address);
        AddTerm(address.City?.Value, IdentifierKind.Address, minimumLength: 3);
        AddTerm(address.District?.Value, IdentifierKind.Address, minimumLength: 3);
        AddTerm(address.PostalCode?.Value, IdentifierKind.PostalCode, minimumLength: 3);
        AddTerm(address.Text?.Value, IdentifierKind.Address);
    }

    private void AddBirthDate(string birth)
    {
        if (birth.Length < 10 || !DateOnly.TryParseExact(birth.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return; // a year or month alone is not an identifier under Safe Harbor
        foreach (var format in s_dateFormats) _dates.Add(date.ToString(format, CultureInfo.InvariantCulture));
    }

    private void AddTerm(string? value, IdentifierKind kind, int minimumLength = 4)
    {
        if (value is null || value.Trim().Length < minimumLength) return;
        var tokens = Tokenize(value).Select(t => t.Text).ToArray();
        if (tokens.Length == 0) return;
        // Seen before (a record repeats its ids and names thousands of times): a set, not a scan of the list.
        if (!_terms.Add(string.Join(' ', tokens))) return;
        if (!_byFirstToken.TryGetValue(tokens[0], out var terms)) _byFirstToken[tokens[0]] = terms = [];
        terms.Add((tokens, kind));
    }

    private static bool FollowsAt(string text, List<System.Range> tokens, int at, string[] term)
    {
        if (at + term.Length > tokens.Count) return false;
        for (var k = 1; k < term.Length; k++)
            if (!text.AsSpan(tokens[at + k]).Equals(term[k], StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    /// <summary>Where the maximal runs of letters and digits are.</summary>
    private static List<System.Range> TokenRanges(string text)
    {
        var tokens = new List<System.Range>(text.Length / 6);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inToken = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inToken && start < 0) start = i;
            else if (!inToken && start >= 0)
            {
                tokens.Add(start..i);
                start = -1;
            }
        }
        return tokens;
    }

    /// <summary>The maximal runs of letters and digits, with their positions.</summary>
    private static List<(string Text, int Start)> Tokenize(string text)
    {
        var tokens = new List<(string, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inToken = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inToken && start < 0) start = i;
            else if (!inToken && start >= 0)
            {
                tokens.Add((text[start..i], start));
                start = -1;
            }
        }
        return tokens;
    }

    /// <summary>
    /// Phones are compared by digits: runs of digits joined across the punctuation phone numbers are written with
    /// ("(555) 123-4567", "555.123.4567", "+1 555 123 4567") and searched for each phone's digits.
    /// </summary>
    private void ScanPhones(string text, List<LeakHit> hits)
    {
        var digits = new System.Text.StringBuilder();
        var positions = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i])) { i++; continue; }
            digits.Clear();
            positions.Clear();
            var end = i;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || IsPhonePunctuation(text[end])))
            {
                if (char.IsAsciiDigit(text[end])) { digits.Append(text[end]); positions.Add(end); }
                end++;
            }
            var run = digits.ToString();
            foreach (var phone in _phones)
            {
                var at = run.IndexOf(phone, StringComparison.Ordinal);
                if (at >= 0) hits.Add(new LeakHit(IdentifierKind.Phone, positions[at]));
            }
            i = end;
        }
    }

    private static bool IsPhonePunctuation(char c) => c is ' ' or '-' or '.' or '(' or ')' or '+' or '/';

    private static bool IsDigitAt(string text, int index) => index >= 0 && index < text.Length && char.IsAsciiDigit(text[index]);

    /// <summary>Every Identifier anywhere in the resource, found through the generated element metadata.</summary>
    private static IEnumerable<Identifier> Identifiers(Base node)
    {
        var stack = new Stack<Base>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current is Identifier identifier) yield return identifier;
            foreach (var element in current.TypeInfo.Elements)
            {
                switch (element.Get(current))
                {
                    case IList list:
                        foreach (var item in list) if (item is Base b and not PrimitiveType) stack.Push(b);
                        break;
                    case Base b and not PrimitiveType:
                        stack.Push(b);
                        break;
                }
            }
        }
    }
}
