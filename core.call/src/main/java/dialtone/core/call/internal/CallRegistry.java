package dialtone.core.call.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Call;
import dialtone.core.call.CallObserver;
import dialtone.core.call.CallerNames;
import dialtone.core.call.Calls;
import dialtone.core.call.Inbox;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;

/** The calls in progress, by id. Call-core thread only. */
final class CallRegistry implements Calls {

    private static final Logger log = LoggerFactory.getLogger(CallRegistry.class);

    private final Inbox inbox;
    private final List<CallObserver> observers = new CopyOnWriteArrayList<>();
    private volatile CallerNames names;
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
        CallImpl call = new CallImpl("c" + nextId++, caller, named(offer), this);
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

    void setCallerNames(CallerNames names) {
        this.names = names;
    }

    /** The offer with the caller's name from the phonebook, which wins over what the network sent. */
    private Offer named(Offer offer) {
        CallerNames source = names;
        String number = offer.caller().number();
        if (source == null || number.isEmpty()) {
            return offer;
        }
        try {
            return source.nameFor(number).filter(name -> !name.isEmpty())
                    .map(name -> offer.withCaller(offer.caller().withName(name))).orElse(offer);
        } catch (RuntimeException e) {
            log.error("naming caller {} failed; the call goes on unnamed", number, e);
            return offer;
        }
    }

    void addObserver(CallObserver observer) {
        observers.add(observer);
    }

    void removeObserver(CallObserver observer) {
        observers.remove(observer);
    }

    /** Tells every observer of a step of {@code call}; one that throws is logged and skipped. */
    void tell(Call call, Consumer<CallObserver> step) {
        for (CallObserver observer : observers) {
            try {
                step.accept(observer);
            } catch (RuntimeException e) {
                log.error("{} observer {} failed", call.id(), observer, e);
            }
        }
    }

    Inbox inbox() {
        return inbox;
    }
}
