namespace SmartReasoning.CdsHooks;

/// <summary>
/// Lets at most a few hook calls compute at once (by default one per processor), the others waiting in arrival order.
/// Without it, two hundred concurrent calls share the processors and each takes as long as all of them together: the
/// first answered is no sooner than the last. In order, each call waits only for those that came before it, and only
/// that many calls' parsed records are in memory at once. The I/O of a call (a fetch from the EHR, a model) runs
/// outside (<see cref="Slot.OutsideAsync{T}"/>), so a slow EHR or model never holds a processor's place.
/// </summary>
public sealed class CdsAdmission(int concurrency)
{
    // SemaphoreSlim serves its asynchronous waiters first come, first served.
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrency), Math.Max(1, concurrency));

    /// <summary>How many calls may compute at once.</summary>
    public int Concurrency { get; } = Math.Max(1, concurrency);

    /// <summary>Waits for a place; disposing the slot gives it back.</summary>
    public async Task<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    /// <summary>A place to compute in, held until disposed.</summary>
    public sealed class Slot : IDisposable
    {
        private readonly SemaphoreSlim _slots;
        private bool _held = true;

        internal Slot(SemaphoreSlim slots) => _slots = slots;

        /// <summary>Runs <paramref name="io"/> with the place given up, then waits for one again (at the back of the line).</summary>
        public async Task<T> OutsideAsync<T>(Func<Task<T>> io, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(io);
            Release();
            var result = await io().ConfigureAwait(false);
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            _held = true;
            return result;
        }

        public void Dispose() => Release();

        private void Release()
        {
            if (!_held) return;
            _held = false;
            _slots.Release();
        }
    }
}
