package dialtone.core.call.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dialtone.core.call.Call;
import dialtone.core.call.Calls;
import dialtone.core.call.Inbox;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;

/** The calls in progress, by id. Call-core thread only. */
final class CallRegistry implements Calls {

    private final Inbox inbox;
    private final LoopGuard guard;
    private final Map<String, CallImpl> active = new LinkedHashMap<>();
    private long nextId = 1;

    CallRegistry(Inbox inbox, LoopGuard guard) {
        this.inbox = inbox;
        this.guard = guard;
    }

    @Override
    public Call place(Participant caller, Offer offer, List<? extends Participant> targets) {
        guard.check("Calls.place");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(offer, "offer");
        CallImpl call = new CallImpl("c" + nextId++, caller, offer, this);
        active.put(call.id(), call);
        call.start(List.copyOf(targets));
        return call;
    }

    @Override
    public Collection<Call> active() {
        guard.check("Calls.active");
        return List.copyOf(active.values());
    }

    @Override
    public Optional<Call> find(String id) {
        guard.check("Calls.find");
        return Optional.ofNullable(active.get(id));
    }

    void ended(CallImpl call) {
        active.remove(call.id());
    }

    Inbox inbox() {
        return inbox;
    }
}
