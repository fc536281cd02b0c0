using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SmartReasoning.CdsHooks;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.CdsHooksClient;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Server;
using SmartReasoning.Server.Review;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.Cli;

/// <summary>One archetype's run through the whole flow: what it pulled, found, showed and wrote, and each stage's time.</summary>
internal sealed record DemoRow(
    Archetype Archetype, string PatientId, int Resources, int Findings, int Cards, int ObservationsWritten,
    TimeSpan Pull, TimeSpan Compile, TimeSpan Reason, TimeSpan Write, TimeSpan Cds, string? Error)
{
    public bool Ran => Error is null;
}

/// <summary>
/// <c>smartreasoning demo</c>: the whole flow headless, for every archetype of the synthetic cohort. SmartReasoning and
/// the sandbox EHR start in this process on loopback ports (joined as `serve` joins them: <see cref="SandboxPairing"/>); per patient, the app's review (pull with a backend-services token,
/// compile, reason, queue the findings), the outbox delivered into the sandbox, and one CDS Hooks order-sign from the
/// sandbox's CDS client (a draft ibuprofen order). Prints a table; exit 0 when every archetype ran, 1 otherwise.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var validate = new Option<bool>("--validate")
        {
            Description = "Validate the written resources against fhir-profiles/ with the FHIR R4 definitions (fetched into .cache/fhir when missing), as serve does.",
        };
        var command = new Command("demo", "Run the whole flow headless for every synthetic archetype (sandbox EHR in process) and print a table per patient and stage.") { validate };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(validate), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    /// <param name="inspect">Called with the sandbox's store after the run, before it stops (tests compare it with the table).</param>
    internal static async Task<int> RunAsync(bool validate, TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<FhirResourceStore, IReadOnlyList<DemoRow>, Task>? inspect = null)
    {
        var data = Directory.CreateTempSubdirectory("smartreasoning-demo-").FullName;
        try
        {
            var fhirPackage = validate ? FhirPackage.Locate(error) : null;
            await using var service = SmartReasoningServer.Build(new ServerOptions
            {
                Port = 0,
                // Its own outbox and audit trail, removed at the end: a demo leaves nothing behind.
                DataFolder = data,
                PostgresConnectionString = null,
                DeliverWriteBacks = false,
                FhirPackagePath = fhirPackage,
                CdsHooks = new CdsHooksOptions { FeedbackDatabasePath = null, Reasoner = RecordReasoner.FromEnvironment(Environment.GetEnvironmentVariable) },
                Logging = WarningsToStandardError,
            });
            await service.StartAsync(cancellationToken);
            var serviceBase = SmartReasoningServer.BaseUrl(service);

            var sandboxOptions = SandboxPairing.SandboxFor(serviceBase, new SandboxOptions { Port = 0, Logging = WarningsToStandardError });
            var store = new FhirResourceStore();
            foreach (var line in SandboxData.Populate(store, sandboxOptions)) error.WriteLine(line);
            await using var sandbox = SandboxServer.Build(sandboxOptions, store);
            await sandbox.StartAsync(cancellationToken);
            var root = SandboxServer.BaseUrl(sandbox);
            var config = SandboxPairing.Pair(service, serviceBase, root);
            error.WriteLine($"SmartReasoning on {serviceBase}, sandbox EHR on {root}, reasoning with {(service.Services.GetRequiredService<RecordReasoner>().UsesModel ? "the guidelines and the model" : "the guidelines")}");

            var flow = new DemoFlow(service.Services, sandbox.Services, store, root, config);
            List<DemoRow> rows = [];
            foreach (var bundle in SyntheticCohort.Generate())
                rows.Add(await flow.RunAsync(SyntheticCohort.ArchetypeOf(bundle)!.Value, bundle, cancellationToken));

            DemoTable.Write(output, rows);
            foreach (var failed in rows.Where(r => !r.Ran)) error.WriteLine($"{failed.Archetype}: {failed.Error}");
            if (inspect is not null) await inspect(store, rows);
            return rows.All(r => r.Ran) ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // A file still closing; the system cleans its temporary folder.
            }
        }
    }

    /// <summary>The table is the output: both hosts log warnings and errors only, to standard error.</summary>
    private static void WarningsToStandardError(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);
    }

    /// <summary>The flow for one patient, with the services of the two hosts.</summary>
    private sealed class DemoFlow(IServiceProvider service, IServiceProvider sandbox, FhirResourceStore store, string sandboxRoot, LaunchConfig config)
    {
        private readonly PatientReview _review = service.GetRequiredService<PatientReview>();
        private readonly BackendServicesClient _backend = service.GetRequiredService<BackendServicesClient>();
        private readonly OutboxDelivery _delivery = service.GetRequiredService<OutboxDelivery>();
        private readonly CdsHookRunner _cds = sandbox.GetRequiredService<CdsHookRunner>();

        public async Task<DemoRow> RunAsync(Archetype archetype, Bundle bundle, CancellationToken cancellationToken)
        {
            var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
            var id = patient.Id!;
            PatientReviewResult review;
            TimeSpan delivering;
            try
            {
                var access = await _backend.AccessAsync(config, BackendFhirAccess.Scope, cancellationToken);
                var writeTo = new WriteTarget(access.FhirBase, new FindingSubject($"Patient/{id}", null, DateTimeOffset.UtcNow), new WriteAuth(WriteAuthMode.Backend, config.Name));
                review = await _review.RunAsync(new ReviewTarget(access, id, writeTo), progress: null, cancellationToken);
                var started = Stopwatch.GetTimestamp();
                while ((await _delivery.DeliverDueAsync(cancellationToken)).Attempted > 0)
                {
                }
                delivering = Stopwatch.GetElapsedTime(started);
            }
            catch (Exception e) when (e is ReviewFailure or LaunchFailure or HttpRequestException)
            {
                return new DemoRow(archetype, id, 0, 0, 0, 0, default, default, default, default, default, e.Message);
            }

            var (cards, cdsTime, cdsError) = await OrderSignAsync(patient, cancellationToken);
            var outbox = await service.GetRequiredService<IOutboxStore>().CountAsync(cancellationToken);
            var times = review.StageTimes;
            var error = cdsError
                ?? (review.Written.FirstOrDefault(w => !w.Queued) is not null ? "a finding was refused by validation" : null)
                ?? (outbox.Failed > 0 ? $"{outbox.Failed} write(s) failed" : null);
            return new DemoRow(archetype, id, review.Record.Statistics.ResourceCount, review.Reasoning.Findings.Count, cards, ObservationsOf(store, id),
                times.GetValueOrDefault(SmartReasoningTelemetry.Stages.Pull), times.GetValueOrDefault(SmartReasoningTelemetry.Stages.Compile),
                times.GetValueOrDefault(SmartReasoningTelemetry.Stages.Reason), times.GetValueOrDefault(SmartReasoningTelemetry.Stages.WriteBack) + delivering,
                cdsTime, error);
        }

        /// <summary>The sandbox's CDS client signs a draft ibuprofen order for the patient, as its chart's "Sign order" does.</summary>
        private async Task<(int Cards, TimeSpan Time, string? Error)> OrderSignAsync(Patient patient, CancellationToken cancellationToken)
        {
            var user = patient.GeneralPractitioner.Select(g => g.ReferenceValue?.Value).FirstOrDefault(r => r?.StartsWith("Practitioner/", StringComparison.Ordinal) == true)
                ?? "Practitioner/demo-user";
            var drafts = DraftOrders.Bundle([DraftOrders.MedicationRequest("demo-draft-1", patient.Id!, null, user, RxNorm.Ibuprofen.Code, RxNorm.Ibuprofen.Display, RxNorm.Ibuprofen.Sig, DateTimeOffset.UtcNow)]);
            var context = new CdsHookContext
            {
                Hook = CdsHookContext.OrderSign, UserId = user, PatientId = patient.Id!, DraftOrders = drafts, Selections = DraftOrders.References(drafts),
            };
            var started = Stopwatch.GetTimestamp();
            var run = await _cds.RunAsync(sandboxRoot, context, new PrefetchPlan(PrefetchMode.Normal, null), [], cancellationToken);
            var time = Stopwatch.GetElapsedTime(started);
            var failure = run.Errors.FirstOrDefault()
                ?? (run.Services.Count == 0 ? "no CDS service answered order-sign" : null)
                ?? run.Services.Select(s => s.Result.Error ?? (s.Result.Response!.Errors.Count > 0 ? s.Result.Response.Errors[0] : null)).FirstOrDefault(e => e is not null);
            return (run.Services.Sum(s => s.Result.Response?.Cards.Count ?? 0), time, failure is null ? null : $"order-sign: {failure}");
        }
    }

    /// <summary>The AI finding Observations the sandbox holds for a patient (those with a finding fingerprint).</summary>
    internal static int ObservationsOf(FhirResourceStore store, string patientId) =>
        store.Current("Observation").Select(s => s.Resource).OfType<Observation>()
            .Count(o => o.Subject?.ReferenceValue?.Value == $"Patient/{patientId}" && o.Identifier.Any(i => i.System?.Value == AiTransparencyCodes.FingerprintSystem));
}

/// <summary>The demo's table: one row per archetype, milliseconds per stage, then a total line.</summary>
internal static class DemoTable
{
    public static readonly string[] Headers = ["archetype", "patient", "resources", "findings", "cards", "observations", "pull ms", "compile ms", "reason ms", "write ms", "cds ms"];

    public static void Write(TextWriter output, IReadOnlyList<DemoRow> rows)
    {
        var cells = rows.Select(r => new[]
        {
            r.Archetype.ToString(), r.PatientId, Number(r.Resources), Number(r.Findings), Number(r.Cards), Number(r.ObservationsWritten),
            Ms(r.Pull), Ms(r.Compile), Ms(r.Reason), Ms(r.Write), Ms(r.Cds),
        }).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        output.WriteLine(Line(Headers, widths));
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells) output.WriteLine(Line(row, widths));
        output.WriteLine($"{rows.Count(r => r.Ran)} of {rows.Count} archetypes ran; {rows.Sum(r => r.Resources)} resources pulled, {rows.Sum(r => r.Findings)} findings, {rows.Sum(r => r.Cards)} cards, {rows.Sum(r => r.ObservationsWritten)} Observations written");
    }

    // Text columns left-aligned, numbers right-aligned.
    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
