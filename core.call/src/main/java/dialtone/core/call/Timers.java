package dialtone.core.call;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Timers for the call logic. The expiry is posted to the inbox as a {@link Message.Timeout}, so the
 * action runs on the call-core thread in turn with every other message, never on a timer thread.
 */
@ProviderType
public interface Timers {

    /** Runs {@code action} on the call-core thread once {@code delay} has passed. Call-core thread only. */
    Timer schedule(Duration delay, Runnable action);
}
