namespace SmartReasoning.Deidentify;

/// <summary>The kind of patient identifier a leak check found, named without the identifier itself.</summary>
public enum IdentifierKind
{
    Name,
    /// <summary>An Identifier value: the MRN, an SSN, a driver's licence, an encounter number...</summary>
    Identifier,
    Phone,
    Email,
    Address,
    PostalCode,
    BirthDate,
    /// <summary>A real resource id, which a server could be asked about.</summary>
    ResourceId,
}

/// <summary>One identifier found in outgoing text: its kind and where; never the identifier itself.</summary>
public sealed record LeakHit(IdentifierKind Kind, int Position);

/// <summary>Outgoing text holds an identifier of the patient; the request must not be sent.</summary>
public sealed class IdentifierLeakException : Exception
{
    public IdentifierLeakException() : this([]) { }

    public IdentifierLeakException(string message) : base(message) => Kinds = [];

    public IdentifierLeakException(string message, Exception innerException) : base(message, innerException) => Kinds = [];

    public IdentifierLeakException(IReadOnlyList<IdentifierKind> kinds)
        : base(kinds.Count == 0
            ? "The outgoing text holds an identifier of the patient; it was not sent."
            : $"The outgoing text holds the patient's {string.Join(", ", kinds.Select(Describe))}; it was not sent.")
        => Kinds = kinds;

    /// <summary>The kinds of identifier found (each once).</summary>
    public IReadOnlyList<IdentifierKind> Kinds { get; }

    private static string Describe(IdentifierKind kind) => kind switch
    {
        IdentifierKind.Name => "name",
        IdentifierKind.Identifier => "identifier (MRN or other)",
        IdentifierKind.Phone => "phone number",
        IdentifierKind.Email => "email address",
        IdentifierKind.Address => "address",
        IdentifierKind.PostalCode => "postal code",
        IdentifierKind.BirthDate => "birth date",
        IdentifierKind.ResourceId => "real resource id",
        _ => kind.ToString(),
    };
}
