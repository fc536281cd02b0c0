namespace SmartReasoning.Fhir.FhirPath;

/// <summary>Any problem with a FHIRPath expression: compiling it or evaluating it.</summary>
public abstract class FhirPathException : Exception
{
    protected FhirPathException(string message) : base(message) { }
    protected FhirPathException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// The expression cannot be compiled: bad syntax, or (semantic) an unknown function, a wrong number of
/// arguments, an unknown type. <see cref="Position"/> is the zero-based character offset of the problem.
/// </summary>
public class FhirPathCompileException : FhirPathException
{
    public FhirPathCompileException(string message, int position) : base($"{message} (at position {position})")
    {
        Position = position;
        Reason = message;
    }

    public int Position { get; }

    /// <summary>The message without the position.</summary>
    public string Reason { get; }
}

/// <summary>The expression is not valid FHIRPath syntax.</summary>
public sealed class FhirPathSyntaxException(string message, int position) : FhirPathCompileException(message, position);

/// <summary>
/// Evaluation failed in a way FHIRPath defines as an error: <c>single()</c> on several items, an operator
/// given a collection where it needs one item, a type that cannot be converted...
/// </summary>
public sealed class FhirPathEvaluationException : FhirPathException
{
    public FhirPathEvaluationException(string message) : base(message) { }
    public FhirPathEvaluationException(string message, Exception inner) : base(message, inner) { }
}
