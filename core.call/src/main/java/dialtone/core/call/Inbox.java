package dialtone.core.call;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/** The single entry into the call logic. Safe to use from any thread; never blocks. */
@ProviderType
public interface Inbox {

    /** Queues a message for the call-core thread. */
    void post(Message message);

    /** Queues {@code event} to be handed to {@code recipient} on the call-core thread. */
    default <E> void deliver(Consumer<? super E> recipient, E event) {
        post(new Message.Delivery<>(recipient, event));
    }
}
