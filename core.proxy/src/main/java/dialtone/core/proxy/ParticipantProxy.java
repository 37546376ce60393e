package dialtone.core.proxy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dialtone.core.call.CallCore;
import dialtone.core.call.Leg;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;

/**
 * Base of the participants that stand for a device or an account (a line, a handset, a port). It
 * lives on the call-core thread: it keeps the legs it is part of and its subclass keeps the device's
 * last known state, so both can be read there synchronously and survive a driver being replaced.
 * Events from the driver arrive through {@link #mailbox()} and are handled by {@link #onEvent}.
 *
 * @param <E> the driver's event type
 */
public abstract class ParticipantProxy<E> implements Participant {

    private final CallCore core;
    private final String name;
    private final Mailbox<E> mailbox;
    private final Map<String, Leg> legs = new LinkedHashMap<>();

    protected ParticipantProxy(CallCore core, String name) {
        this.core = Objects.requireNonNull(core, "core");
        this.name = Objects.requireNonNull(name, "name");
        this.mailbox = new Mailbox<>(core, name, this::onEvent);
    }

    /** Handles one event from the driver, on the call-core thread. */
    protected abstract void onEvent(E event);

    @Override
    public final String name() {
        return name;
    }

    protected final CallCore core() {
        return core;
    }

    /** Where the driver's threads post events for this proxy. */
    public final Mailbox<E> mailbox() {
        return mailbox;
    }

    /** Remembers a leg this participant takes part in, by call id. */
    protected final void attach(Leg leg) {
        legs.put(leg.call().id(), leg);
    }

    /** Forgets a leg, typically once it was released. */
    protected final void detach(Leg leg) {
        legs.remove(leg.call().id(), leg);
    }

    /** The leg of the given call, or null. */
    protected final Leg leg(String callId) {
        return legs.get(callId);
    }

    protected final Collection<Leg> legs() {
        return List.copyOf(legs.values());
    }

    /** Ends every call this participant is in, for example when its device went away. */
    protected final void releaseAll(Reason reason) {
        for (Leg leg : legs()) {
            leg.release(reason);
        }
        legs.clear();
    }

    /** Closes the mailbox and ends this participant's calls; call when the device or account goes away. */
    protected void close(Reason reason) {
        mailbox.close();
        releaseAll(reason);
    }

    @Override
    public String toString() {
        return name;
    }
}
