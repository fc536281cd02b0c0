namespace SmartReasoning.Fhir.FhirPath.Syntax;

/// <summary>The parsed form of a FHIRPath expression: a tree of nodes, each knowing where it starts.</summary>
internal abstract record Node(int Position)
{
    /// <summary>The height of the tree below this node, set by the parser: compiling and evaluating recurse this deep.</summary>
    public int Depth { get; set; } = 1;
}

/// <summary><c>{}</c>, <c>true</c>, a string or a number.</summary>
internal sealed record LiteralNode(object? Value, int Position) : Node(Position);

/// <summary>A date, dateTime or time literal, checked and converted by the compiler.</summary>
internal sealed record TemporalLiteralNode(TokenKind Kind, string Text, int Position) : Node(Position);

/// <summary>A quantity literal: <c>5 'mg'</c>, <c>4 days</c>.</summary>
internal sealed record QuantityLiteralNode(string Number, string Unit, int Position) : Node(Position);

/// <summary>A name: a child element of each item in the focus (or, first in a path, a type name matching it).</summary>
internal sealed record MemberNode(Node? Target, string Name, int Position) : Node(Position);

/// <summary>A function call; <see cref="Target"/> is null when it applies to the current focus.</summary>
internal sealed record FunctionNode(Node? Target, string Name, IReadOnlyList<Node> Arguments, int Position) : Node(Position);

internal sealed record IndexerNode(Node Target, Node Index, int Position) : Node(Position);

internal sealed record UnaryNode(string Operator, Node Operand, int Position) : Node(Position);

internal sealed record BinaryNode(string Operator, Node Left, Node Right, int Position) : Node(Position);

/// <summary><c>x is Type</c> or <c>x as Type</c>.</summary>
internal sealed record TypeOperatorNode(string Operator, Node Operand, string TypeName, int Position) : Node(Position);

/// <summary><c>%name</c>: an environment variable.</summary>
internal sealed record VariableNode(string Name, int Position) : Node(Position);

/// <summary><c>$this</c>, <c>$index</c> or <c>$total</c>.</summary>
internal sealed record SpecialNode(string Name, int Position) : Node(Position);
