using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Deidentify;

/// <summary>
/// A rule's path, matched against where a node sits in its resource. The anonymizer's common shapes
/// (<c>Type.a.b</c>, <c>nodesByType('T')</c> anywhere in the path) are matched by walking the node's ancestry,
/// which costs nothing per node; any other expression is evaluated with the FHIRPath engine once per resource
/// and matched by node identity.
/// </summary>
internal sealed class RulePath
{
    private readonly Step[]? _steps;

    private RulePath(Step[]? steps, FhirPathExpression? expression)
    {
        _steps = steps;
        Expression = expression;
    }

    /// <summary>The FHIRPath expression to evaluate for paths outside the simple shapes; null otherwise.</summary>
    public FhirPathExpression? Expression { get; }

    private enum StepKind { ResourceType, Name, NodesByType }

    private readonly record struct Step(StepKind Kind, string Text, FhirTypeInfo? Type);

    public static RulePath Parse(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new FormatException("A rule has an empty path.");
        var steps = TryParseSimple(path.Trim());
        if (steps is not null) return new RulePath(steps, null);
        try
        {
            return new RulePath(null, FhirPathCompiler.Default.Compile(path));
        }
        catch (FhirPathException e)
        {
            throw new FormatException($"The rule path '{path}' is not a valid FHIRPath expression: {e.Message}", e);
        }
    }

    private static Step[]? TryParseSimple(string path)
    {
        var parts = SplitSteps(path);
        if (parts is null) return null;
        var steps = new Step[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.StartsWith("nodesByType(", StringComparison.Ordinal) && part.EndsWith(')'))
            {
                var argument = part["nodesByType(".Length..^1].Trim();
                if (argument.Length < 3 || argument[0] != '\'' || argument[^1] != '\'') return null;
                steps[i] = new Step(StepKind.NodesByType, argument[1..^1], null);
            }
            else if (!part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) return null;
            else if (i == 0 && char.IsAsciiLetterUpper(part[0]))
            {
                if (ModelInfo.FindType(part) is not { } type || type.Kind != FhirTypeKind.Resource) return null;
                steps[i] = new Step(StepKind.ResourceType, part, type);
            }
            else steps[i] = new Step(StepKind.Name, part, null);
        }
        return steps;
    }

    /// <summary>Splits on dots outside quotes and parentheses; null when the text is not a plain chain of steps.</summary>
    private static List<string>? SplitSteps(string path)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\'') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '.' && depth == 0)
            {
                parts.Add(path[start..i].Trim());
                start = i + 1;
            }
            else if (depth == 0 && !(char.IsAsciiLetterOrDigit(c) || c == '_')) return null;
        }
        if (quoted || depth != 0) return null;
        parts.Add(path[start..].Trim());
        return parts.Any(p => p.Length == 0) ? null : parts;
    }

    /// <summary>The element name the selected nodes have, when the path ends with a name; lets a policy index its rules.</summary>
    public string? LastName => _steps is [.., { Kind: StepKind.Name } last] ? last.Text : null;

    /// <summary>The type name the selected nodes have, when the path ends with <c>nodesByType</c>.</summary>
    public string? LastTypeName => _steps is [.., { Kind: StepKind.NodesByType } last] ? last.Text : null;

    /// <summary>True when the node whose ancestry is <paramref name="chain"/> (the resource first) is selected.</summary>
    public bool Matches(ReadOnlySpan<NodeStep> chain)
    {
        if (_steps is null || chain.Length == 0) return false;
        var first = _steps[0];
        return first.Kind switch
        {
            StepKind.ResourceType => chain[0].Type.IsA(first.Type!) && Match(1, chain, 1),
            // A path without a type starts at the resource, as FHIRPath evaluates it there.
            _ => Match(0, chain, 1),
        };
    }

    private bool Match(int step, ReadOnlySpan<NodeStep> chain, int at)
    {
        if (step == _steps!.Length) return at == chain.Length;
        var s = _steps[step];
        if (s.Kind == StepKind.Name)
            return at < chain.Length && string.Equals(chain[at].Name, s.Text, StringComparison.Ordinal) && Match(step + 1, chain, at + 1);
        if (s.Kind == StepKind.NodesByType)
        {
            for (var j = at; j < chain.Length; j++)
                if (string.Equals(chain[j].Type.Name, s.Text, StringComparison.Ordinal) && Match(step + 1, chain, j + 1)) return true;
            return false;
        }
        return false;
    }
}

/// <summary>One node on the way from a resource down to the node a rule is tested against.</summary>
/// <param name="Name">The element name (<c>value</c> for <c>value[x]</c>); the resource type for the resource itself.</param>
internal readonly record struct NodeStep(string Name, FhirTypeInfo Type);
