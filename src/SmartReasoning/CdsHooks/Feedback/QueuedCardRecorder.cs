using System.Threading.Channels;
using SmartReasoning.CdsHooks.Cards;

namespace SmartReasoning.CdsHooks.Feedback;

/// <summary>
/// Takes the recording of issued cards off the hook call's path: the cards are queued and written by one background
/// loop, as many as have gathered in one transaction (at hundreds of calls a second, one transaction each serialised
/// every call on the database). Feedback and the rates wait until every card queued before them is written, so a
/// feedback post about a card just answered finds it. A card not yet written when the process dies is lost: its later
/// feedback still counts, under "unknown" kind. A failed write is logged and its cards dropped; the answers were sent.
/// </summary>
public sealed class QueuedCardRecorder : IFeedbackStore, IAsyncDisposable, IDisposable
{
    private readonly IFeedbackStore _store;
    private readonly ILogger? _log;
    private readonly Channel<Work> _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;

    /// <summary>Either cards to write or a flush to answer once every earlier card is written.</summary>
    private readonly record struct Work(IReadOnlyList<IssuedCard>? Cards, TaskCompletionSource? Flushed);

    public QueuedCardRecorder(IFeedbackStore store, ILogger<QueuedCardRecorder>? log = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _log = log;
        _writer = Task.Run(WriteAsync);
    }

    public async Task RecordCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        if (cards.Count > 0) await _queue.Writer.WriteAsync(new Work(cards, null), cancellationToken).ConfigureAwait(false);
    }

    public async Task<FeedbackWriteResult> RecordFeedbackAsync(string serviceId, IReadOnlyList<CdsFeedbackItem> items, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _store.RecordFeedbackAsync(serviceId, items, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decides a card once it is written (a card just answered may still be in the queue).</summary>
    public async Task<CardDecision?> DecideAsync(string card, string outcome, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _store.DecideAsync(card, outcome, cancellationToken).ConfigureAwait(false);
    }

    public Task RevertDecisionAsync(CardDecision decision, CancellationToken cancellationToken) => _store.RevertDecisionAsync(decision, cancellationToken);

    public async Task<IReadOnlyList<FindingKindRates>> RatesAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _store.RatesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes when every card queued before it is written (or its write has failed).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Work(null, flushed), cancellationToken).ConfigureAwait(false);
        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        List<IssuedCard> batch = [];
        List<TaskCompletionSource> flushes = [];
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < 1_000 && _queue.Reader.TryRead(out var work))
            {
                if (work.Cards is { } cards) batch.AddRange(cards);
                if (work.Flushed is { } flushed) flushes.Add(flushed);
            }
            if (batch.Count > 0)
            {
                try
                {
                    await _store.RecordCardsAsync(batch, CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // the loop must outlive a failed write: the next cards may well be written
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _log?.LogError(ex, "{Count} issued cards could not be recorded; their feedback will count under unknown kind", batch.Count);
                }
                batch.Clear();
            }
            foreach (var flushed in flushes) flushed.TrySetResult();
            flushes.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync().ConfigureAwait(false); break;
            case IDisposable disposable: disposable.Dispose(); break;
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
