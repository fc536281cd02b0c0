using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>An evaluator compiled from an expression node: input collection in, result collection out.</summary>
internal delegate IReadOnlyList<object> Evaluator(IReadOnlyList<object> focus, EvaluationScope scope);

/// <summary>
/// A compiled FHIRPath expression: parse once, evaluate many times, from any thread. Results are collections
/// of model nodes (<see cref="Base"/>) and System values (string, bool, int, long, decimal,
/// <see cref="FhirPathDate"/>, <see cref="FhirPathDateTime"/>, <see cref="FhirPathTime"/>, <see cref="FhirPathQuantity"/>).
/// </summary>
public sealed class FhirPathExpression
{
    private readonly Evaluator _evaluator;

    internal FhirPathExpression(string text, Evaluator evaluator)
    {
        Text = text;
        _evaluator = evaluator;
    }

    public string Text { get; }

    /// <summary>Evaluates against one input (or none).</summary>
    /// <exception cref="FhirPathEvaluationException">The expression fails on this input.</exception>
    public IReadOnlyList<object> Evaluate(Base? input, FhirPathEnvironment? environment = null) =>
        Evaluate(input is null ? Collection.Empty : [input], environment);

    /// <summary>Evaluates against an input collection.</summary>
    /// <exception cref="FhirPathEvaluationException">The expression fails on this input.</exception>
    public IReadOnlyList<object> Evaluate(IReadOnlyList<object> input, FhirPathEnvironment? environment = null)
    {
        var scope = new EvaluationScope(environment ?? FhirPathEnvironment.Default, input);
        try
        {
            return _evaluator(input, scope);
        }
        catch (FhirPathValueException ex)
        {
            throw new FhirPathEvaluationException(ex.Message, ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new FhirPathEvaluationException("the evaluation nests too deeply", ex);
        }
        catch (OverflowException ex)
        {
            throw new FhirPathEvaluationException("a number is out of range", ex);
        }
    }

    /// <summary>Evaluates to a single Boolean by FHIRPath's singleton rules; null when the result is empty.</summary>
    public bool? EvaluateBoolean(Base? input, FhirPathEnvironment? environment = null) =>
        Collection.ToBoolean(Evaluate(input, environment), "a Boolean result");

    public override string ToString() => Text;
}
