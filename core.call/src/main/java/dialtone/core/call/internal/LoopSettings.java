package dialtone.core.call.internal;

import java.time.Duration;

/**
 * The loop's limits.
 *
 * @param handlerLimit a handler running longer is logged with its stack
 * @param stallLimit   a loop without progress this long while work waits is reported stalled
 */
public record LoopSettings(Duration handlerLimit, Duration stallLimit) {

    public static final LoopSettings DEFAULTS = new LoopSettings(Duration.ofMillis(100), Duration.ofSeconds(1));
}
