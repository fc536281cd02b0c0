namespace SmartReasoning.WriteBack.Outbox;

/// <summary>Runs <see cref="OutboxDelivery.DeliverDueAsync"/> every <see cref="OutboxOptions.PollInterval"/> while the host runs.</summary>
public sealed class OutboxDeliveryService(OutboxDelivery delivery, OutboxOptions options, ILogger<OutboxDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await delivery.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store itself failed (a locked or missing file): keep the loop alive; the messages are still there.
                logger.LogError(e, "Outbox delivery pass failed");
            }
            try
            {
                await Task.Delay(options.PollInterval, options.Clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
