package dialtone.core.proxy;

import java.util.Objects;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Inbox;

/**
 * Where a lower-half thread (a SIP stack, a USB reader) posts events for one proxy. Events are
 * handled on the call-core thread, in the order each thread posted them. Once closed, late events
 * are dropped: the proxy they were for is gone.
 *
 * @param <E> the driver's event type, an immutable record
 */
public final class Mailbox<E> {

    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    private final Inbox inbox;
    private final String owner;
    private final Consumer<? super E> handler;
    private final Consumer<E> recipient = this::handle;
    private volatile boolean open = true;

    public Mailbox(Inbox inbox, String owner, Consumer<? super E> handler) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Queues an event for the proxy; any thread, never blocks. */
    public void post(E event) {
        if (open) {
            inbox.deliver(recipient, event);
        } else {
            log.debug("{}: mailbox closed, dropped {}", owner, event);
        }
    }

    /** Stops delivery, also of events already queued. */
    public void close() {
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    private void handle(E event) {
        if (open) {
            handler.accept(event);
        } else {
            log.debug("{}: mailbox closed, dropped {}", owner, event);
        }
    }

    @Override
    public String toString() {
        return "mailbox of " + owner;
    }
}
