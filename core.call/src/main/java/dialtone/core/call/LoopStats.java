package dialtone.core.call;

import java.time.Duration;

/**
 * A snapshot of the call-core loop since it started. Handler times are in nanoseconds.
 *
 * @param handled         messages handled
 * @param failed          handlers that threw (the loop logged them and went on)
 * @param inboxDepth      messages waiting now
 * @param handlerP50      median handler time
 * @param handlerP99      99th percentile handler time
 * @param handlerMax      longest handler time
 * @param runningForNanos how long the handler running now has run; 0 when the loop is idle
 * @param handlerLimit    the watchdog's limit for one handler
 * @param stallLimit      the watchdog's limit for a loop without progress
 */
public record LoopStats(long handled, long failed, int inboxDepth, long handlerP50, long handlerP99, long handlerMax,
        long runningForNanos, Duration handlerLimit, Duration stallLimit) {
}
