using SmartReasoning.Fhir.FhirPath.Syntax;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// Semantic checks made before evaluation when the input type is known: every path step must name an element of
/// some type the collection can hold (<c>name.given1</c>), a path must start at the input's type
/// (<c>Encounter.name</c> on a Patient), choice elements are reached by their name, not a typed name
/// (<c>Observation.valueQuantity</c>), and ordered functions may not follow <c>children()</c>/<c>descendants()</c>.
/// Where the type of a collection cannot be known statically, checking stops for that branch.
/// </summary>
internal static class StaticCheck
{
    // Walk(node, focus, self): focus is what the node applies to, self what $this stands for (value arguments
    // of functions are evaluated against it: the input at the top, the current item inside where() and friends).

    /// <summary>
    /// What is known of a collection: its possible model types (null: unknown), whether its order is meaningful,
    /// and, for literals, their System type.
    /// </summary>
    private sealed record Shape(IReadOnlyList<FhirTypeInfo>? Types, bool Unordered = false, string? System = null)
    {
        public static readonly Shape Unknown = new((IReadOnlyList<FhirTypeInfo>?)null);

        public static Shape Literal(string system) => new(null, System: system);
    }

    private static readonly HashSet<string> StringFunctions =
        ["startsWith", "endsWith", "contains", "upper", "lower", "replace", "matches", "replaceMatches", "length", "substring", "indexOf", "toChars", "trim", "split"];

    private static readonly HashSet<string> PassThrough = ["where", "first", "last", "single", "tail", "skip", "take", "distinct", "trace", "intersect", "exclude", "sort"];
    private static readonly HashSet<string> NeedsOrder = ["first", "last", "tail", "skip", "take"];
    private static readonly HashSet<string> Iterating = ["where", "select", "all", "exists", "repeat", "aggregate", "sort", "trace", "iif"];

    /// <exception cref="FhirPathCompileException">A semantic error.</exception>
    public static void Check(Node root, FhirTypeInfo inputType) => Walk(root, new Shape([inputType]), new Shape([inputType]));

    private static Shape Walk(Node node, Shape focus, Shape self)
    {
        switch (node)
        {
            case MemberNode member:
                var target = member.Target is null ? focus : Walk(member.Target, focus, self);
                return Step(member, target, atStart: member.Target is null);
            case FunctionNode function:
                var input = function.Target is null ? focus : Walk(function.Target, focus, self);
                if (function.Name is not ("is" or "as" or "ofType")) // their argument is a type name, not a path
                {
                    var argumentFocus = Iterating.Contains(function.Name) ? input with { Unordered = false } : self;
                    foreach (var argument in function.Arguments) Walk(argument, argumentFocus, argumentFocus);
                }
                if (function.Name == "iif" && function.Arguments.Count > 0 && Walk(function.Arguments[0], focus, self).System is { } criterion and not "Boolean")
                    throw new FhirPathCompileException($"iif() needs a Boolean criterion, not a {criterion}", function.Arguments[0].Position);
                if (StringFunctions.Contains(function.Name) && IsNotString(input))
                    throw new FhirPathCompileException($"{function.Name}() needs a String, but its input is {DescribeShape(input)}", function.Position);
                if (NeedsOrder.Contains(function.Name) && input.Unordered)
                    throw new FhirPathCompileException($"{function.Name}() needs an ordered collection, but {Describe(function.Target)} has no order", function.Position);
                return function.Name switch
                {
                    "children" or "descendants" => Shape.Unknown with { Unordered = true },
                    "ofType" or "as" when function.Arguments is [MemberNode { Target: null } t] && ModelInfo.FindType(t.Name) is { } type => new Shape([type]),
                    _ when PassThrough.Contains(function.Name) => input,
                    _ => Shape.Unknown,
                };
            case TypeOperatorNode { Operator: "as" } asNode:
                Walk(asNode.Operand, focus, self);
                return ModelInfo.FindType(asNode.TypeName) is { } asType ? new Shape([asType]) : Shape.Unknown;
            case IndexerNode indexer:
                var indexed = Walk(indexer.Target, focus, self);
                Walk(indexer.Index, self, self);
                if (indexed.Unordered) throw new FhirPathCompileException("an indexer needs an ordered collection", indexer.Position);
                return indexed;
            case BinaryNode binary:
                var left = Walk(binary.Left, focus, self);
                var right = Walk(binary.Right, focus, self);
                if (binary.Operator is "+" or "-" && left.System is "Date" or "DateTime" or "Time" && right.System is "Integer" or "Decimal")
                    throw new FhirPathCompileException($"a {left.System} {binary.Operator} a number has no meaning: use a quantity such as 7 days", binary.Position);
                if (binary.Operator != "|") return Shape.Unknown;
                if (left.Types is { } l && right.Types is { } r) return new Shape([.. l, .. r]);
                return left.System is { } ls && right.System is { } rs ? Shape.Literal(ls == rs ? ls : "mixed collection") : Shape.Unknown;
            case LiteralNode { Value: { } value }:
                return Shape.Literal(SystemValues.SystemTypeName(value) ?? "value");
            case TemporalLiteralNode temporal:
                return Shape.Literal(temporal.Kind switch { TokenKind.Date => "Date", TokenKind.DateTime => "DateTime", _ => "Time" });
            case QuantityLiteralNode:
                return Shape.Literal("Quantity");
            case UnaryNode unary:
                Walk(unary.Operand, focus, self);
                return Shape.Unknown;
            case TypeOperatorNode other:
                Walk(other.Operand, focus, self);
                return Shape.Unknown;
            default:
                return Shape.Unknown;
        }
    }

    private static Shape Step(MemberNode member, Shape target, bool atStart)
    {
        if (target.Types is not { Count: > 0 } types) return Shape.Unknown;
        var name = member.Name;
        if (atStart && char.IsAsciiLetterUpper(name[0]) && ModelInfo.FindType(name) is { } named)
        {
            if (types.Any(t => t.IsA(named))) return new Shape([.. types.Where(t => t.IsA(named))]);
            throw new FhirPathCompileException($"the expression is about {name}, but its input is a {string.Join(" or ", types.Select(t => t.Name))}", member.Position);
        }

        List<FhirTypeInfo> result = [];
        foreach (var type in types)
        {
            if (type.FindElement(name) is { } element)
            {
                result.AddRange(element.TypeInfos);
                continue;
            }
            if (type.JsonProperties.Find(name) is { Element.IsChoice: true } choice)
                throw new FhirPathCompileException($"'{name}' is not an element name: write {choice.Element.Name}.ofType({choice.Type.Name})", member.Position);
        }
        if (result.Count == 0)
            throw new FhirPathCompileException($"{string.Join(" or ", types.Select(t => t.Name))} has no element '{name}'", member.Position);
        return new Shape([.. result.Distinct()], target.Unordered);
    }

    /// <summary>True when the input is known to hold no String: literals of another type, or only complex model types.</summary>
    private static bool IsNotString(Shape input) =>
        input.System is { } system ? system != "String" : input.Types is { Count: > 0 } types && types.All(t => !t.IsPrimitive);

    private static string DescribeShape(Shape shape) =>
        shape.System ?? string.Join(" or ", shape.Types?.Select(t => t.Name) ?? ["unknown"]);

    private static string Describe(Node? node) => node switch
    {
        FunctionNode f => f.Name + "()",
        MemberNode m => m.Name,
        _ => "its input",
    };
}
