package dialtone.core.call;

import org.osgi.annotation.versioning.ProviderType;

/** A pending timer. Call-core thread only. */
@ProviderType
public interface Timer {

    /** Stops the timer; its action will not run, even if its expiry is already in the inbox. */
    void cancel();

    /** True until the timer has run or was cancelled. */
    boolean isPending();
}
