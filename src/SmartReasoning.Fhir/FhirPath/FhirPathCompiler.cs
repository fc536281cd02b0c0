using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using SmartReasoning.Fhir.FhirPath.Functions;
using SmartReasoning.Fhir.FhirPath.Syntax;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// Compiles FHIRPath expressions (N1 with the FHIR additions) into reusable <see cref="FhirPathExpression"/>s,
/// caching them by text. Syntax and semantic errors (unknown functions or types, wrong argument counts)
/// are <see cref="FhirPathCompileException"/>s carrying the position in the expression.
/// </summary>
public sealed class FhirPathCompiler
{
    /// <summary>Longer expressions are refused outright rather than parsed.</summary>
    public const int MaxExpressionLength = 1_000_000;

    private readonly ConcurrentDictionary<string, FhirPathExpression> _cache = new(StringComparer.Ordinal);

    public static FhirPathCompiler Default { get; } = new();

    /// <exception cref="FhirPathCompileException">The expression is not valid FHIRPath.</exception>
    public FhirPathExpression Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (_cache.TryGetValue(expression, out var cached)) return cached;
        if (expression.Length > MaxExpressionLength)
            throw new FhirPathCompileException($"the expression is {expression.Length:N0} characters; at most {MaxExpressionLength:N0} are accepted", 0);
        var compiled = new FhirPathExpression(expression, CompileNode(Parser.Parse(expression)));
        return _cache.Count < 10_000 ? _cache.GetOrAdd(expression, compiled) : compiled;
    }

    /// <summary>
    /// Compiles an expression for inputs of a known type, checking its paths against the model first (semantic errors:
    /// unknown elements, a path for another resource type, typed choice names, ordered functions on unordered
    /// collections). Not cached: use it where an expression is written for one type, like an invariant.
    /// </summary>
    /// <exception cref="FhirPathCompileException">The expression is not valid FHIRPath or not valid for the type.</exception>
    public FhirPathExpression Compile(string expression, FhirTypeInfo inputType)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(inputType);
        if (expression.Length > MaxExpressionLength)
            throw new FhirPathCompileException($"the expression is {expression.Length:N0} characters; at most {MaxExpressionLength:N0} are accepted", 0);
        var tree = Parser.Parse(expression);
        StaticCheck.Check(tree, inputType);
        return new FhirPathExpression(expression, CompileNode(tree));
    }

    /// <summary>Compiles and evaluates in one step (the compiled form is cached).</summary>
    public IReadOnlyList<object> Evaluate(string expression, Base? input, FhirPathEnvironment? environment = null) =>
        Compile(expression).Evaluate(input, environment);

    internal static Evaluator CompileNode(Node node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return node switch
        {
            LiteralNode literal => Constant(Collection.Of(literal.Value)),
            TemporalLiteralNode temporal => Constant(Collection.Of(Temporal(temporal))),
            QuantityLiteralNode quantity => Constant(Collection.Of(Quantity(quantity))),
            MemberNode member => CompileMember(member),
            FunctionNode function => CompileFunction(function),
            IndexerNode indexer => CompileIndexer(indexer),
            UnaryNode unary => CompileUnary(unary),
            BinaryNode binary => BinaryOperators.Compile(binary.Operator, CompileNode(binary.Left), CompileNode(binary.Right)),
            TypeOperatorNode typeOp => CompileTypeOperator(typeOp),
            VariableNode variable => CompileVariable(variable),
            SpecialNode special => CompileSpecial(special),
            _ => throw new FhirPathCompileException($"cannot compile {node.GetType().Name}", node.Position),
        };
    }

    private static Evaluator Constant(IReadOnlyList<object> value) => (_, _) => value;

    private static object Temporal(TemporalLiteralNode node)
    {
        object? value = node.Kind switch
        {
            TokenKind.Date => FhirPathDate.TryParse(node.Text, out var d) ? d : null,
            TokenKind.DateTime => FhirPathDateTime.TryParse(node.Text, out var dt) ? dt : null,
            _ => FhirPathTime.TryParse(node.Text, out var t) ? t : null,
        };
        return value ?? throw new FhirPathSyntaxException($"'@{(node.Kind == TokenKind.Time ? "T" : "")}{node.Text}' is not a valid {node.Kind.ToString().ToLowerInvariant()}", node.Position);
    }

    private static FhirPathQuantity Quantity(QuantityLiteralNode node)
    {
        var value = decimal.Parse(node.Number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return new FhirPathQuantity(value, node.Unit);
    }

    /// <summary>A path step. Without a target, a name starting in upper case is a type filter on the focus (<c>Patient.name</c>).</summary>
    private static Evaluator CompileMember(MemberNode node)
    {
        var name = node.Name;
        var target = node.Target is null ? null : CompileNode(node.Target);
        if (target is null && char.IsAsciiLetterUpper(name[0]) && ModelInfo.FindType(name) is { } type)
        {
            return (focus, _) =>
            {
                foreach (var item in focus)
                    if (item is not Base b || !b.TypeInfo.IsA(type)) return Filter(focus, i => i is Base n && n.TypeInfo.IsA(type));
                return focus;
            };
        }

        var step = new PathStep(name);
        if (target is null) return step.Evaluate;
        return (focus, scope) => step.Evaluate(target(focus, scope), scope);
    }

    private static IReadOnlyList<object> Filter(IReadOnlyList<object> items, Func<object, bool> keep)
    {
        List<object> output = [];
        foreach (var item in items) if (keep(item)) output.Add(item);
        return output;
    }

    private static Evaluator CompileFunction(FunctionNode node)
    {
        var target = node.Target is null ? null : CompileNode(node.Target);
        var definition = FunctionCatalogue.Find(node.Name)
            ?? throw new FhirPathCompileException($"unknown function '{node.Name}'", node.Position);
        if (node.Arguments.Count < definition.MinArguments || node.Arguments.Count > definition.MaxArguments)
            throw new FhirPathCompileException(
                $"{node.Name}() takes {Arity(definition)}, not {node.Arguments.Count}", node.Position);

        Evaluator body;
        if (node.Name == "sort")
        {
            body = SortFunction.Compile(node.Arguments);
        }
        else if (definition.TakesType)
        {
            var typeName = TypeName(node.Arguments[0]);
            var type = TypeSpecifier.Resolve(typeName) ?? throw new FhirPathCompileException($"unknown type '{typeName}'", node.Arguments[0].Position);
            body = definition.CompileWithType!(type);
        }
        else
        {
            var arguments = node.Arguments.Select(CompileNode).ToArray();
            var implementation = definition.Body!;
            body = (focus, scope) => implementation(focus, arguments, scope);
        }
        if (target is null) return body;
        return (focus, scope) => body(target(focus, scope), scope);
    }

    private static string Arity(FunctionDefinition d) => d.MinArguments == d.MaxArguments
        ? $"{d.MinArguments} argument{(d.MinArguments == 1 ? "" : "s")}"
        : $"{d.MinArguments} to {d.MaxArguments} arguments";

    /// <summary>The type named by an argument like <c>Quantity</c> or <c>FHIR.Quantity</c>, parsed as a path.</summary>
    private static string TypeName(Node node) => node switch
    {
        MemberNode { Target: null } m => m.Name,
        MemberNode { Target: { } t } m => TypeName(t) + "." + m.Name,
        LiteralNode { Value: string s } => s,
        _ => throw new FhirPathCompileException("expected a type name", node.Position),
    };

    private static Evaluator CompileIndexer(IndexerNode node)
    {
        var target = CompileNode(node.Target);
        var index = CompileNode(node.Index);
        return (focus, scope) =>
        {
            var items = target(focus, scope);
            var i = Collection.Single(index(focus, scope), "an indexer");
            if (i is null) return Collection.Empty;
            if (SystemValues.Of(i) is not int n) throw new FhirPathEvaluationException($"an index must be an Integer, not {Operators.Describe(i)}");
            return n >= 0 && n < items.Count ? [items[n]] : Collection.Empty;
        };
    }

    private static Evaluator CompileUnary(UnaryNode node)
    {
        var operand = CompileNode(node.Operand);
        if (node.Operator == "+") return operand;
        return (focus, scope) =>
        {
            var item = Collection.Single(operand(focus, scope), "unary -");
            return SystemValues.Of(item!) switch
            {
                null => Collection.Empty,
                int i => [checked(-i)],
                long l => [checked(-l)],
                decimal d => [-d],
                FhirPathQuantity q => [new FhirPathQuantity(-q.Value, q.Unit)],
                var other => throw new FhirPathEvaluationException($"cannot negate {Operators.Describe(other)}"),
            };
        };
    }

    private static Evaluator CompileTypeOperator(TypeOperatorNode node)
    {
        var operand = CompileNode(node.Operand);
        var type = TypeSpecifier.Resolve(node.TypeName) ?? throw new FhirPathCompileException($"unknown type '{node.TypeName}'", node.Position);
        var apply = node.Operator == "is" ? TypeFunctions.Is(type) : TypeFunctions.As(type);
        return (focus, scope) => apply(operand(focus, scope), scope);
    }

    private static Evaluator CompileVariable(VariableNode node) => node.Name switch
    {
        "context" => (_, scope) => scope.Context,
        "resource" => (_, scope) => Collection.Of(scope.Resource),
        "rootResource" => (_, scope) => Collection.Of(scope.RootResource),
        "ucum" => Constant(["http://unitsofmeasure.org"]),
        "sct" => Constant(["http://snomed.info/sct"]),
        "loinc" => Constant(["http://loinc.org"]),
        _ when node.Name.StartsWith("vs-", StringComparison.Ordinal) => Constant(["http://hl7.org/fhir/ValueSet/" + node.Name[3..]]),
        _ when node.Name.StartsWith("ext-", StringComparison.Ordinal) => Constant(["http://hl7.org/fhir/StructureDefinition/" + node.Name[4..]]),
        _ => (_, scope) => scope.Environment.Variables.TryGetValue(node.Name, out var value)
            ? value switch
            {
                null => Collection.Empty,
                IReadOnlyList<object> list => list,
                _ => [value],
            }
            : throw new FhirPathEvaluationException($"the variable %{node.Name} is not defined"),
    };

    private static Evaluator CompileSpecial(SpecialNode node) => node.Name switch
    {
        "$this" => (focus, scope) => scope.This is { } t ? [t] : focus,
        "$index" => (_, scope) => [scope.Index],
        _ => (_, scope) => scope.Total switch
        {
            null => Collection.Empty,
            IReadOnlyList<object> list => list,
            var v => [v],
        },
    };
}

/// <summary>One path step with a cache of the last type it met and that type's element (thread-safe: swapped whole).</summary>
internal sealed class PathStep(string name)
{
    private sealed record Resolved(FhirTypeInfo Type, ElementInfo? Element, FhirTypeInfo? ChoiceType);

    private Resolved? _last;

    public IReadOnlyList<object> Evaluate(IReadOnlyList<object> focus, EvaluationScope scope)
    {
        if (focus.Count == 0) return Collection.Empty;
        List<object>? output = null;
        foreach (var item in focus)
        {
            if (item is not Base node) continue;
            var resolved = _last;
            if (resolved is null || !ReferenceEquals(resolved.Type, node.TypeInfo)) _last = resolved = Resolve(node.TypeInfo);
            if (resolved.Element is null) continue;
            Navigation.AddValue(resolved.Element, resolved.Element.Get(node), resolved.ChoiceType, output ??= []);
        }
        return output is { Count: > 0 } ? output : Collection.Empty;
    }

    private Resolved Resolve(FhirTypeInfo type)
    {
        var element = type.FindElement(name);
        if (element is null && type.JsonProperties.Find(name) is { Element.IsChoice: true, IsCompanion: false } binding)
            return new Resolved(type, binding.Element, binding.Type); // valueQuantity: the choice element, one type of it
        return new Resolved(type, element, null);
    }
}
