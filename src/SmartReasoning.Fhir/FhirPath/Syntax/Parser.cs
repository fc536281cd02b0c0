using System.Globalization;

namespace SmartReasoning.Fhir.FhirPath.Syntax;

/// <summary>
/// A precedence-climbing parser for the FHIRPath N1 grammar. Nesting is bounded so that a hostile expression
/// gets a syntax error, never a stack overflow.
/// </summary>
internal sealed class Parser
{
    /// <summary>The deepest tree accepted: compiling and evaluating recurse once per level.</summary>
    private const int MaxNesting = 500;

    // Binary operators by precedence, loosest first (N1 grammar, section "Operator precedence").
    private static readonly string[][] Levels =
    [
        ["implies"],
        ["or", "xor"],
        ["and"],
        ["in", "contains"],
        ["=", "~", "!=", "!~"],
        ["<=", "<", ">", ">="],
        ["|"],
        ["is", "as"],
        ["+", "-", "&"],
        ["*", "/", "div", "mod"],
    ];
    private const int TypeLevel = 7;

    private static readonly HashSet<string> TimeUnits =
    [
        "year", "years", "month", "months", "week", "weeks", "day", "days",
        "hour", "hours", "minute", "minutes", "second", "seconds", "millisecond", "milliseconds",
    ];

    private readonly List<Token> _tokens;
    private int _next;
    private int _nesting;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static Node Parse(string expression)
    {
        var parser = new Parser(Lexer.Tokenize(expression));
        var node = parser.ParseExpression(0);
        if (parser.Peek.Kind != TokenKind.End)
            throw new FhirPathSyntaxException($"unexpected {parser.Peek} after a complete expression", parser.Peek.Position);
        return node;
    }

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private Node ParseExpression(int level)
    {
        if (++_nesting > MaxNesting) throw new FhirPathSyntaxException($"the expression is nested more than {MaxNesting} levels deep", Peek.Position);
        try
        {
            if (level == Levels.Length) return ParseUnary();
            var left = ParseExpression(level + 1);
            while (IsOperatorAt(level, Peek) is { } op)
            {
                var opToken = Take();
                if (level == TypeLevel)
                {
                    left = Grow(new TypeOperatorNode(op, left, ParseTypeSpecifier(), opToken.Position), left);
                    continue;
                }
                // implies is right-associative; the others associate to the left.
                var right = op == "implies" ? ParseExpression(level) : ParseExpression(level + 1);
                left = Grow(new BinaryNode(op, left, right, opToken.Position), left, right);
                if (op == "implies") break;
            }
            return left;
        }
        finally
        {
            _nesting--;
        }
    }

    /// <summary>Sets a new node's depth from its children, refusing trees too deep to compile safely.</summary>
    private static Node Grow(Node node, params Node[] children)
    {
        node.Depth = 1 + (children.Length == 0 ? 0 : children.Max(c => c.Depth));
        if (node.Depth > MaxNesting) throw new FhirPathSyntaxException($"the expression is nested more than {MaxNesting} levels deep", node.Position);
        return node;
    }

    private static string? IsOperatorAt(int level, Token token)
    {
        foreach (var op in Levels[level])
        {
            if (char.IsAsciiLetter(op[0]) ? token.IsKeyword(op) : token.Is(op)) return op;
        }
        return null;
    }

    private Node ParseUnary()
    {
        if (Peek.Is("+") || Peek.Is("-"))
        {
            var op = Take();
            if (++_nesting > MaxNesting) throw new FhirPathSyntaxException($"the expression is nested more than {MaxNesting} levels deep", op.Position);
            try
            {
                var operand = ParseUnary();
                return Grow(new UnaryNode(op.Text, operand, op.Position), operand);
            }
            finally
            {
                _nesting--;
            }
        }
        return ParsePostfix(ParseTerm());
    }

    private Node ParsePostfix(Node node)
    {
        while (true)
        {
            if (Peek.Is("."))
            {
                Take();
                node = ParseInvocation(node);
            }
            else if (Peek.Is("["))
            {
                var open = Take();
                var index = ParseExpression(0);
                Expect("]");
                node = Grow(new IndexerNode(node, index, open.Position), node, index);
            }
            else return node;
        }
    }

    private Node ParseTerm()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Take();
                if (Peek.Kind == TokenKind.String)
                    return new QuantityLiteralNode(token.Text, Take().Text, token.Position);
                if (Peek.Kind == TokenKind.Identifier && !Peek.Delimited && TimeUnits.Contains(Peek.Text))
                    return new QuantityLiteralNode(token.Text, Take().Text, token.Position);
                return new LiteralNode(ParseNumber(token), token.Position);
            case TokenKind.LongNumber:
                Take();
                return long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                    ? new LiteralNode(l, token.Position)
                    : throw new FhirPathSyntaxException($"{token.Text}L is too large for a Long", token.Position);
            case TokenKind.String:
                Take();
                return new LiteralNode(token.Text, token.Position);
            case TokenKind.Date or TokenKind.DateTime or TokenKind.Time:
                Take();
                return new TemporalLiteralNode(token.Kind, token.Text, token.Position);
            case TokenKind.ExternalConstant:
                Take();
                return new VariableNode(token.Text, token.Position);
            case TokenKind.Special:
                Take();
                return new SpecialNode(token.Text, token.Position);
            case TokenKind.Identifier:
                if (token.IsKeyword("true") || token.IsKeyword("false"))
                {
                    Take();
                    return new LiteralNode(token.Text == "true", token.Position);
                }
                return ParseInvocation(null);
            case TokenKind.Symbol when token.Is("("):
                Take();
                var inner = ParseExpression(0);
                Expect(")");
                return inner;
            case TokenKind.Symbol when token.Is("{"):
                Take();
                Expect("}");
                return new LiteralNode(null, token.Position);
            default:
                throw new FhirPathSyntaxException($"expected a term, found {token}", token.Position);
        }
    }

    private static object ParseNumber(Token token)
    {
        if (token.Text.Contains('.', StringComparison.Ordinal))
            return decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                ? d
                : throw new FhirPathSyntaxException($"{token.Text} is out of range for a Decimal", token.Position);
        if (int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) return i;
        if (long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return l;
        throw new FhirPathSyntaxException($"{token.Text} is out of range for an Integer", token.Position);
    }

    /// <summary>A name or a function call, applied to <paramref name="target"/> (null: the current focus).</summary>
    private Node ParseInvocation(Node? target)
    {
        var token = Peek;
        if (token.Kind == TokenKind.Special)
        {
            Take();
            return target is null ? new SpecialNode(token.Text, token.Position) : throw new FhirPathSyntaxException($"{token.Text} cannot follow '.'", token.Position);
        }
        if (token.Kind != TokenKind.Identifier) throw new FhirPathSyntaxException($"expected a name, found {token}", token.Position);
        Take();
        if (!Peek.Is("(")) return target is null ? new MemberNode(null, token.Text, token.Position) : Grow(new MemberNode(target, token.Text, token.Position), target);

        Take();
        List<Node> arguments = [];
        if (!Peek.Is(")"))
        {
            do arguments.Add(ParseExpression(0));
            while (TakeIf(","));
        }
        Expect(")");
        var function = new FunctionNode(target, token.Text, arguments, token.Position);
        return target is null ? Grow(function, [.. arguments]) : Grow(function, [target, .. arguments]);
    }

    /// <summary>A type name, possibly qualified: <c>Quantity</c>, <c>FHIR.Patient</c>, <c>System.String</c>.</summary>
    private string ParseTypeSpecifier()
    {
        var first = Peek;
        if (first.Kind != TokenKind.Identifier) throw new FhirPathSyntaxException($"expected a type name, found {first}", first.Position);
        Take();
        var name = first.Text;
        while (Peek.Is(".") && _tokens[_next + 1].Kind == TokenKind.Identifier)
        {
            Take();
            name += "." + Take().Text;
        }
        return name;
    }

    private bool TakeIf(string symbol)
    {
        if (!Peek.Is(symbol)) return false;
        Take();
        return true;
    }

    private void Expect(string symbol)
    {
        if (!TakeIf(symbol)) throw new FhirPathSyntaxException($"expected '{symbol}', found {Peek}", Peek.Position);
    }
}
