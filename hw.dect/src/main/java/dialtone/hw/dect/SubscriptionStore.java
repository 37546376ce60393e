package dialtone.hw.dect;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the handset model keeps its subscriptions across restarts. This bundle offers a file
 * behind it; a store with a higher service ranking takes its place.
 */
@ConsumerType
public interface SubscriptionStore {

    /** The subscriptions saved last; called once when the model starts, never on the call-core thread. */
    List<Subscription> load();

    /**
     * Keeps these subscriptions, replacing what was saved. Called on the call-core thread: it must
     * hand the writing to a thread of its own and return at once.
     */
    void save(List<Subscription> subscriptions);
}
