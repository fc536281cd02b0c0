namespace SmartReasoning.Launch;

/// <summary>
/// One completed launch: the EHR, its launch context and the tokens, kept on our server and reached by the browser
/// with <see cref="Key"/> (never with a token). One browser may hold many (different patients, different EHRs).
/// </summary>
public sealed class LaunchSession
{
    private IssuedTokens _tokens;

    internal LaunchSession(string key, string browserSession, LaunchConfig config, SmartServerConfiguration server, string fhirBase,
        string requestedScope, IssuedTokens tokens, SmartLaunchContext context, DateTimeOffset now)
    {
        Key = key;
        BrowserSession = browserSession;
        Config = config;
        Server = server;
        FhirBase = fhirBase.TrimEnd('/');
        RequestedScope = requestedScope;
        _tokens = tokens;
        Context = context;
        LastUsed = now;
    }

    /// <summary>The random key the browser uses for this launch (<c>/app?launch={Key}</c>).</summary>
    public string Key { get; }

    public string BrowserSession { get; }

    public LaunchConfig Config { get; }

    public SmartServerConfiguration Server { get; }

    /// <summary>The FHIR base of the EHR, without a trailing slash.</summary>
    public string FhirBase { get; }

    public string RequestedScope { get; }

    public SmartLaunchContext Context { get; }

    /// <summary>The scopes granted (which may differ from <see cref="RequestedScope"/>), as of the last token answer.</summary>
    public string GrantedScope => Tokens.Scope;

    public IReadOnlyList<string> GrantedScopes => GrantedScope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Why the session can no longer reach the EHR (its refresh was refused); null while it can.</summary>
    public string? EndedBecause { get; internal set; }

    public DateTimeOffset LastUsed { get; internal set; }

    internal IssuedTokens Tokens
    {
        get => Volatile.Read(ref _tokens);
        set => Volatile.Write(ref _tokens, value);
    }

    /// <summary>One refresh at a time per launch: refresh tokens rotate, so two at once would lose the session.</summary>
    internal SemaphoreSlim RefreshLock { get; } = new(1, 1);

    internal int Refreshes { get; set; }

    public override string ToString() => $"launch session with {Config.Name}";
}
