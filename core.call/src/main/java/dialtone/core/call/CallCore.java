package dialtone.core.call;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/** The call core as a service: its inbox, and what the call logic uses on the call-core thread. */
@ProviderType
public interface CallCore extends Inbox {

    /** The calls. Call-core thread only. */
    Calls calls();

    /** The timers. Call-core thread only. */
    Timers timers();

    /** True when the current thread is the call-core thread. */
    boolean inLoop();

    /** Counters and handler times of the loop; safe from any thread, even while the loop is stuck. */
    LoopStats stats();

    /**
     * Runs {@code query} on the call-core thread and completes with its result: how other threads
     * (the shell, tests) read call state without touching it.
     */
    default <T> CompletableFuture<T> query(Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        deliver(q -> {
            try {
                result.complete(q.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, query);
        return result;
    }
}
