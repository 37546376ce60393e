package dialtone.sip.line.internal;

import java.time.Duration;

/**
 * How long to wait before registering again after a failure: doubling from {@code first} up to
 * {@code max}, so a wrong password or a dead registrar never turns into a tight loop.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private int failures;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /** Counts a failure and returns the wait before the next attempt. */
    Duration failed() {
        failures++;
        long millis = first.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    void succeeded() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
