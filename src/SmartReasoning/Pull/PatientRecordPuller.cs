using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SmartReasoning.Compile;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;

namespace SmartReasoning.Pull;

/// <summary>
/// Fetches a patient's record over FHIR: <c>Patient/$everything</c> where the server's CapabilityStatement offers it,
/// otherwise per-type searches with bounded concurrency, then the Medications that medication orders refer to.
/// Follows <c>next</c> links, retries 429 (honouring <c>Retry-After</c>), 5xx and timeouts with backoff, and keeps
/// to a total time budget. What still fails (a 403 for a type the token's scopes leave out, a search that keeps
/// failing, the budget running out) is recorded in <see cref="PulledRecord.Missing"/>, never left out silently.
/// Keep one instance per HttpClient: it remembers which servers offer <c>$everything</c>. Each pull is recorded in the
/// audit trail when one is given (the patient, whether anything was missing, the counts by type).
/// </summary>
public sealed class PatientRecordPuller(HttpClient http, PullOptions? options = null, WriteBack.Audit.IAuditTrail? audit = null)
{
    // Real servers send what R4 strictly forbids now and then (unknown elements, extra properties); losing a
    // patient's record over that would be worse than reading it leniently.
    private static readonly FhirJsonParser Parser = new(FhirJsonParserOptions.Lenient);

    private readonly ConcurrentDictionary<string, bool> _offersEverything = new(StringComparer.Ordinal);

    public PullOptions Options { get; } = options ?? new PullOptions();

    /// <summary>Pulls the record of the patient in <paramref name="access"/>'s context (or <paramref name="patientId"/>).</summary>
    public Task<PulledRecord> PullAsync(FhirAccess access, string? patientId = null, CancellationToken cancellationToken = default, IProgress<PullProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        var patient = patientId ?? access.Patient ?? throw new ArgumentException("the access has no patient in context; name one", nameof(patientId));
        // $everything quietly leaves out what the scopes do not reach, where a per-type search answers 403; so with
        // narrower scopes the per-type searches are the way to know exactly what is missing.
        var puller = Options.UseEverything && !ReachesEveryType(access.Scope) ? new PatientRecordPuller(http, Options with { UseEverything = false }, audit) : this;
        return puller.PullAsync(access.FhirBase, patient, _ => ValueTask.FromResult<string?>(access.AccessToken), cancellationToken, progress);
    }

    /// <summary>Whether a granted scope reads every resource type (patient/*.read, user/*.rs, system/*.* ...).</summary>
    internal static bool ReachesEveryType(string scope) =>
        scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(ReadsEveryType);

    private static bool ReadsEveryType(string scope)
    {
        // A query (patient/*.rs?category=...) narrows it; so does any named resource type.
        if (scope.Contains('?', StringComparison.Ordinal)) return false;
        if (!(scope.StartsWith("patient/*.", StringComparison.Ordinal) || scope.StartsWith("user/*.", StringComparison.Ordinal) || scope.StartsWith("system/*.", StringComparison.Ordinal)))
            return false;
        var permissions = scope[(scope.IndexOf('.', StringComparison.Ordinal) + 1)..];
        return permissions is "read" or "*" || (permissions.Contains('r', StringComparison.Ordinal) && permissions.Contains('s', StringComparison.Ordinal));
    }

    /// <summary>
    /// Pulls a patient's record from <paramref name="fhirBase"/>. <paramref name="accessToken"/> is asked before every
    /// request (so a refresher can renew it); null sends no Authorization header (an open server).
    /// Cancelling <paramref name="cancellationToken"/> throws; running out of the time budget gives a partial record.
    /// <paramref name="progress"/> hears of every page read (what, and how many resources so far), for a person waiting.
    /// A server's <c>$everything</c> leaves out what the token's scopes do not reach without saying so: with a token
    /// whose scopes leave types out, use the <see cref="FhirAccess"/> overload (which then searches per type) or
    /// <see cref="PullOptions.UseEverything"/> = false.
    /// </summary>
    public async Task<PulledRecord> PullAsync(string fhirBase, string patientId, Func<CancellationToken, ValueTask<string?>> accessToken, CancellationToken cancellationToken = default,
        IProgress<PullProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fhirBase);
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        ArgumentNullException.ThrowIfNull(accessToken);
        using var stage = Server.SmartReasoningTelemetry.Stage(Server.SmartReasoningTelemetry.Stages.Pull);
        var started = Stopwatch.GetTimestamp();
        using var budget = new CancellationTokenSource(Options.TotalBudget);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var run = new PullRun(new Uri(fhirBase.TrimEnd('/') + "/"), patientId, accessToken, linked.Token, cancellationToken, progress);
        var pipeline = RetryPipeline(run);

        var usedEverything = false;
        List<QueryResult> results = [];
        if (Options.UseEverything && await OffersEverythingAsync(run, pipeline).ConfigureAwait(false))
        {
            var everything = await FetchAllAsync(run, pipeline, PatientQueries.Everything(patientId, Options.PageSize)).ConfigureAwait(false);
            usedEverything = everything.Missing is null;
            // 401 means the token is no good, and every search would say the same; a budget run out stays run out.
            // Anything else (a 403, a 400 for an unsupported parameter, a server failing) is worth the per-type searches,
            // which then say for themselves what is missing.
            if (everything.Missing is null || everything.Missing.HttpStatus == 401 || run.Token.IsCancellationRequested)
            {
                results.Add(everything);
            }
            else
            {
                results.Add(everything with { Missing = null });
                results.AddRange(await SearchEachTypeAsync(run, pipeline).ConfigureAwait(false));
            }
        }
        else
        {
            results.AddRange(await SearchEachTypeAsync(run, pipeline).ConfigureAwait(false));
        }

        var resources = new ResourceSet();
        foreach (var result in results) resources.AddRange(result.Resources);
        var medications = await FetchReferencedMedicationsAsync(run, pipeline, resources).ConfigureAwait(false);
        foreach (var result in medications) resources.AddRange(result.Resources);

        var missing = results.Concat(medications).Select(r => r.Missing).OfType<MissingData>().ToList();
        var kept = resources.ToList();
        // Counts only: the patient stays out of telemetry.
        stage.Activity?.SetTag("pull.resources", kept.Count);
        stage.Activity?.SetTag("pull.missing_parts", missing.Count);
        if (missing.Count > 0 && kept.Count == 0) stage.Fail("nothing could be pulled");
        var statistics = new PullStatistics(run.Requests, run.Retries, PullStatistics.CountByType(kept), Stopwatch.GetElapsedTime(started), usedEverything);
        if (audit is not null)
        {
            var counts = string.Join(", ", statistics.ResourcesByType.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
            await audit.RecordAsync(new WriteBack.Audit.AuditRecord(
                usedEverything ? WriteBack.Audit.AuditInteraction.Read : WriteBack.Audit.AuditInteraction.Search, missing.Count == 0, $"Patient/{patientId}", [],
                null, run.FhirBase.AbsoluteUri.TrimEnd('/'), Options.Clock.GetUtcNow(), missing.Count == 0 ? counts : $"{counts}; {missing.Count} part(s) missing"),
                cancellationToken).ConfigureAwait(false);
        }
        return new PulledRecord(patientId, kept, missing, statistics);
    }

    private async Task<IReadOnlyList<QueryResult>> SearchEachTypeAsync(PullRun run, ResiliencePipeline<HttpResponseMessage> pipeline)
    {
        var queries = PatientQueries.For(run.PatientId, Options.PageSize);
        var results = new QueryResult[queries.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, queries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.MaxConcurrency), CancellationToken = run.CallerToken },
            async (i, _) => results[i] = await FetchAllAsync(run, pipeline, queries[i]).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>Reads the Medications that MedicationRequests and MedicationStatements refer to and the record lacks.</summary>
    private async Task<IReadOnlyList<QueryResult>> FetchReferencedMedicationsAsync(PullRun run, ResiliencePipeline<HttpResponseMessage> pipeline, ResourceSet resources)
    {
        var wanted = resources.ToList()
            .Select(r => r switch { MedicationRequest m => m.Medication, MedicationStatement s => s.Medication, _ => null })
            .OfType<Reference>()
            .Select(r => MedicationId(r.ReferenceValue?.Value, run.FhirBase))
            .OfType<string>()
            .Where(id => !resources.Contains("Medication", id))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (wanted.Count == 0) return [];
        var results = new QueryResult[wanted.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, wanted.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.MaxConcurrency), CancellationToken = run.CallerToken },
            async (i, _) => results[i] = await FetchAllAsync(run, pipeline, new PatientQuery($"Medication/{wanted[i]}", $"Medication/{Uri.EscapeDataString(wanted[i])}")).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>The id of a Medication reference on this server (relative, or absolute under its base); null for contained or foreign ones.</summary>
    internal static string? MedicationId(string? reference, Uri fhirBase)
    {
        if (string.IsNullOrEmpty(reference) || reference.StartsWith('#')) return null;
        var baseText = fhirBase.AbsoluteUri;
        if (reference.StartsWith(baseText, StringComparison.Ordinal)) reference = reference[baseText.Length..];
        else if (reference.Contains("://", StringComparison.Ordinal)) return null;
        var parts = reference.Split('/');
        var versioned = parts.Length == 4 && parts[2] == "_history";
        return (parts.Length == 2 || versioned) && parts[0] == "Medication" && parts[1].Length > 0 ? parts[1] : null;
    }

    /// <summary>Runs one query through all its pages; on a failure, keeps what the earlier pages gave and says what is missing.</summary>
    private async Task<QueryResult> FetchAllAsync(PullRun run, ResiliencePipeline<HttpResponseMessage> pipeline, PatientQuery query)
    {
        List<Resource> found = [];
        var url = new Uri(run.FhirBase, query.RelativeUrl);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            if (page > Options.MaxPages)
                return new QueryResult(found, new MissingData(query.What, $"stopped after {Options.MaxPages} pages; the server offered more", null));
            visited.Add(url.AbsoluteUri);
            var (resource, failure) = await ReadAsync(run, pipeline, url, query.What).ConfigureAwait(false);
            if (failure is not null) return new QueryResult(found, failure);
            if (resource is not Bundle bundle)
            {
                if (resource is not null and not OperationOutcome)
                {
                    found.Add(resource);
                    run.Report(query.What, 1);
                }
                return new QueryResult(found, resource is OperationOutcome ? new MissingData(query.What, "the server answered with an OperationOutcome instead of the data", 200) : null);
            }
            var before = found.Count;
            foreach (var entry in bundle.Entry)
                if (entry.Resource is { } r and not OperationOutcome && entry.Search?.Mode?.Enum is null or SearchEntryMode.Match or SearchEntryMode.Include)
                    found.Add(r);
            run.Report(query.What, found.Count - before);
            var next = bundle.Link.FirstOrDefault(l => l.Relation?.Value == "next")?.Url?.Value;
            if (string.IsNullOrEmpty(next)) return new QueryResult(found, null);
            if (!Uri.TryCreate(run.FhirBase, next, out var nextUrl))
                return new QueryResult(found, new MissingData(query.What, "the server's next link is not a URL; later pages not read", null));
            // The access token goes only to the server it was issued for.
            if (!nextUrl.AbsoluteUri.StartsWith(run.FhirBase.AbsoluteUri, StringComparison.Ordinal))
                return new QueryResult(found, new MissingData(query.What, "the server's next link leaves its FHIR base; later pages not read", null));
            if (visited.Contains(nextUrl.AbsoluteUri))
                return new QueryResult(found, new MissingData(query.What, "the server's next link repeats an earlier page; later pages not read", null));
            url = nextUrl;
        }
    }

    /// <summary>One GET with retries; the parsed resource, or why there is none.</summary>
    private async Task<(Resource? Resource, MissingData? Failure)> ReadAsync(PullRun run, ResiliencePipeline<HttpResponseMessage> pipeline, Uri url, string what, bool authorize = true)
    {
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async (state, ct) =>
                {
                    var (r, u, a) = state;
                    return await SendOnceAsync(r, u, a, ct).ConfigureAwait(false);
                },
                (run, url, authorize),
                run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!run.CallerToken.IsCancellationRequested && !(e.InnerException is TimeoutException && !run.Token.IsCancellationRequested))
        {
            return (null, new MissingData(what, $"the pull's time budget of {Options.TotalBudget.TotalSeconds:0.#} s ran out", null));
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is TaskCanceledException { InnerException: TimeoutException } && !run.CallerToken.IsCancellationRequested))
        {
            return (null, new MissingData(what, $"the server did not answer in time, {Options.MaxRetries + 1} times", null));
        }
        catch (HttpRequestException e)
        {
            return (null, new MissingData(what, $"the server could not be reached ({e.HttpRequestError}), {Options.MaxRetries + 1} times", null));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) return (null, new MissingData(what, FailureReason(response.StatusCode), status));
            FhirParseResult<Resource> parsed;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(run.Token).ConfigureAwait(false);
                parsed = await Parser.ParseAsync(stream, run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!run.CallerToken.IsCancellationRequested)
            {
                return (null, new MissingData(what, $"the pull's time budget of {Options.TotalBudget.TotalSeconds:0.#} s ran out", null));
            }
            return parsed.Value is { } value
                ? (value, null)
                : (null, new MissingData(what, "the server's answer is not FHIR JSON that can be read", status));
        }
    }

    private static string FailureReason(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "the access token was refused (expired, revoked or for another server)",
        HttpStatusCode.Forbidden => "forbidden: the access token's scopes do not cover it",
        HttpStatusCode.NotFound => "not found on the server",
        HttpStatusCode.TooManyRequests => "the server kept asking us to slow down (429) after every retry",
        >= HttpStatusCode.InternalServerError => $"the server kept failing ({(int)status}) after every retry",
        _ => $"the server refused the request ({(int)status})",
    };

    private async Task<HttpResponseMessage> SendOnceAsync(PullRun run, Uri url, bool authorize, CancellationToken cancellationToken)
    {
        run.CountRequest();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        if (authorize && await run.AccessToken(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Buffers the body too, so a server that stalls mid-body is caught by the per-request timeout.
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the server's CapabilityStatement lists <c>$everything</c> on Patient; asked once per FHIR base.</summary>
    private async Task<bool> OffersEverythingAsync(PullRun run, ResiliencePipeline<HttpResponseMessage> pipeline)
    {
        var key = run.FhirBase.AbsoluteUri;
        if (_offersEverything.TryGetValue(key, out var known)) return known;
        // The CapabilityStatement is public (FHIR and SMART both say so), so no token is sent.
        var (resource, failure) = await ReadAsync(run, pipeline, new Uri(run.FhirBase, "metadata"), "metadata", authorize: false).ConfigureAwait(false);
        var offers = resource is CapabilityStatement statement && statement.Rest
            .SelectMany(r => r.Resource)
            .Where(r => r.Type?.Value == "Patient")
            .SelectMany(r => r.Operation)
            .Any(o => o.Name?.Value is "everything" or "$everything" || (o.Definition?.Value?.EndsWith("/Patient-everything", StringComparison.Ordinal) ?? false));
        // A failed metadata request says nothing lasting about the server; ask again next time.
        if (failure is null) _offersEverything[key] = offers;
        return offers;
    }

    private ResiliencePipeline<HttpResponseMessage> RetryPipeline(PullRun run)
    {
        var options = Options;
        var timeout = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(options.RequestTimeout)
            .Build();
        // Polly refuses a retry strategy of no attempts: MaxRetries = 0 is the timeout alone.
        if (options.MaxRetries <= 0) return timeout;
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.RetryClock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    // HttpClient's own Timeout, when it is shorter than ours.
                    .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException)
                    .HandleResult(r => IsTransient(r.StatusCode)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options)),
                OnRetry = _ =>
                {
                    run.CountRetry();
                    return default;
                },
            })
            .AddPipeline(timeout)
            .Build();
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The wait a 429 or 503 asks for with <c>Retry-After</c> (seconds or an HTTP date), capped; null for the usual backoff.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, PullOptions options)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter) return null;
        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - options.Clock.GetUtcNow() : null);
        if (wait is not { } w) return null;
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > options.MaxRetryDelay ? options.MaxRetryDelay : w;
    }

    private sealed record QueryResult(IReadOnlyList<Resource> Resources, MissingData? Missing);

    /// <summary>One pull's state, shared by its concurrent searches.</summary>
    private sealed class PullRun(Uri fhirBase, string patientId, Func<CancellationToken, ValueTask<string?>> accessToken, CancellationToken token, CancellationToken callerToken,
        IProgress<PullProgress>? progress)
    {
        private int _requests;
        private int _retries;
        private int _resources;

        /// <summary>With a trailing slash, so relative URLs resolve under it.</summary>
        public Uri FhirBase { get; } = fhirBase;

        public string PatientId { get; } = patientId;

        public Func<CancellationToken, ValueTask<string?>> AccessToken { get; } = accessToken;

        /// <summary>Cancelled by the caller or when the time budget runs out.</summary>
        public CancellationToken Token { get; } = token;

        public CancellationToken CallerToken { get; } = callerToken;

        public int Requests => Volatile.Read(ref _requests);

        public int Retries => Volatile.Read(ref _retries);

        public void CountRequest() => Interlocked.Increment(ref _requests);

        public void CountRetry() => Interlocked.Increment(ref _retries);

        /// <summary>A page of <paramref name="what"/> was read with <paramref name="resources"/> resources (before duplicates are dropped).</summary>
        public void Report(string what, int resources)
        {
            var total = Interlocked.Add(ref _resources, resources);
            progress?.Report(new PullProgress(what, total, Requests));
        }
    }
}
