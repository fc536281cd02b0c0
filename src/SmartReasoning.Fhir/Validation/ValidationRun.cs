namespace SmartReasoning.Fhir.Validation;

/// <summary>The state of one validation: where definitions come from, the options, the issues found, and the
/// validators of each concern, which call one another through it.</summary>
internal sealed class ValidationRun
{
    public ValidationRun(ConformanceResources resources, ValidationOptions options, Terminology terminology)
    {
        Resources = resources;
        Options = options;
        Terminology = terminology;
        Elements = new ElementValidator(this);
        ResourceValidator = new ResourceValidator(this);
        Primitives = new PrimitiveValidator(this);
        FixedPattern = new FixedPatternValidator(this);
        Bindings = new BindingValidator(this);
        Slicing = new SlicingValidator(this);
        Invariants = new InvariantValidator(this);
        Extensions = new ExtensionValidator(this);
        References = new ReferenceValidator(this);
        Bundles = new BundleValidator(this);
        Xhtml = new XhtmlValidator(this);
        Contained = new ContainedValidator(this);
    }

    public ConformanceResources Resources { get; }
    public ValidationOptions Options { get; }
    public Terminology Terminology { get; }
    public OutcomeBuilder Outcome { get; private set; } = new();

    public ElementValidator Elements { get; }
    public ResourceValidator ResourceValidator { get; }
    public PrimitiveValidator Primitives { get; }
    public FixedPatternValidator FixedPattern { get; }
    public BindingValidator Bindings { get; }
    public SlicingValidator Slicing { get; }
    public InvariantValidator Invariants { get; }
    public ExtensionValidator Extensions { get; }
    public ReferenceValidator References { get; }
    public BundleValidator Bundles { get; }
    public XhtmlValidator Xhtml { get; }
    public ContainedValidator Contained { get; }

    /// <summary>True while a trial checks a value away from its place in the instance: no invariant is evaluated.</summary>
    public bool InvariantsSuppressed => _suppressed > 0;
    private int _suppressed;

    /// <summary>Runs <paramref name="check"/> with its issues collected apart (to try a slice), and returns them.</summary>
    /// <param name="invariants">False when the value checked is not the one at its location (a resolved reference, a
    /// value against another profile's root), so the invariants, which read the instance there, are left out.</param>
    public OutcomeBuilder Trial(Action check, bool invariants = true)
    {
        var saved = Outcome;
        Outcome = new OutcomeBuilder();
        if (!invariants) _suppressed++;
        try
        {
            check();
            return Outcome;
        }
        finally
        {
            Outcome = saved;
            if (!invariants) _suppressed--;
        }
    }
}
