namespace SmartReasoning.Fhir.FhirPath.Syntax;

internal enum TokenKind
{
    End,
    Identifier,          // name, or `delimited name`
    String,              // 'text'
    Number,              // 12, 1.5
    LongNumber,          // 12L
    Date,                // @2015-02-04
    DateTime,            // @2015-02-04T14:34
    Time,                // @T14:34
    ExternalConstant,    // %name or %'name' or %`name`
    Special,             // $this, $index, $total
    Symbol,              // . , ( ) [ ] { } + - * / & | < > <= >= = ~ != !~
}

/// <summary>One token of a FHIRPath expression, with its position for error messages.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool Is(string symbol) => Kind is TokenKind.Symbol && Text == symbol;

    /// <summary>A plain (not delimited) identifier with this text: keywords such as <c>and</c> or <c>div</c>.</summary>
    public bool IsKeyword(string keyword) => Kind is TokenKind.Identifier && !Delimited && Text == keyword;

    /// <summary>True for a <c>`delimited`</c> identifier, which is never a keyword.</summary>
    public bool Delimited { get; init; }

    public override string ToString() => Kind == TokenKind.End ? "the end of the expression" : $"'{Text}'";
}
