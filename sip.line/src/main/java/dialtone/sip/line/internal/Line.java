package dialtone.sip.line.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Call;
import dialtone.core.call.CallCore;
import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.core.proxy.ParticipantProxy;
import dialtone.sip.line.LineStatus;
import dialtone.sip.line.RegistrationState;

/**
 * The upper half of a SIP account: a participant on the call-core thread. It keeps the account's
 * last known registration and, per call, which SIP session carries it; it turns the core's commands
 * into work for its {@link SipAgent} (queued, never waited for) and the agent's events into signals
 * on its legs.
 */
final class Line extends ParticipantProxy<SipEvent> {

    private static final Logger log = LoggerFactory.getLogger(Line.class);
    private static final Capabilities CAPABILITIES = new Capabilities(
            Set.of(Codec.PCMU, Codec.PCMA, Codec.G722, Codec.TELEPHONE_EVENT), 16,
            Set.of(Capabilities.Feature.DIGITS, Capabilities.Feature.CALLER_NAME));

    /** One call on this line: its leg and the agent's session key. */
    private static final class Binding {
        final Leg leg;
        final String key;
        final boolean incoming;
        boolean connected;

        Binding(Leg leg, String key, boolean incoming) {
            this.leg = leg;
            this.key = key;
            this.incoming = incoming;
        }
    }

    private final Account account;
    private final Supplier<Routing> routing;
    private SipAgent agent;
    private final Map<String, Binding> bySession = new HashMap<>();
    private final Map<String, Binding> byCall = new HashMap<>();
    private RegistrationState state;
    private String lastError;
    private Instant expires;

    Line(CallCore core, Account account, Supplier<Routing> routing) {
        super(core, "line/" + account.name());
        this.account = account;
        this.routing = routing;
        this.state = RegistrationState.UNREGISTERED;
        this.lastError = "";
    }

    /** Set once, before the agent starts posting. */
    void agent(SipAgent sipAgent) {
        this.agent = sipAgent;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String kind() {
        return "line";
    }

    /** Up while the provider holds our registration. */
    @Override
    public boolean isAvailable() {
        return state == RegistrationState.REGISTERED;
    }

    // ---- from the SIP side -------------------------------------------------------------------

    @Override
    protected void onEvent(SipEvent event) {
        if (event instanceof SipEvent.Registration registration) {
            state = registration.state();
            lastError = registration.error();
            expires = registration.expires();
        } else if (event instanceof SipEvent.Incoming incoming) {
            incoming(incoming);
        } else if (event instanceof SipEvent.Cancelled cancelled) {
            endFromSip(cancelled.key(), Reason.CANCELLED);
        } else if (event instanceof SipEvent.Bye bye) {
            endFromSip(bye.key(), Reason.NORMAL);
        } else if (event instanceof SipEvent.Failed failed) {
            endFromSip(failed.key(), SipStatus.reason(failed.status()));
        } else if (event instanceof SipEvent.Expired expired) {
            endFromSip(expired.key(), Reason.FAILURE);
        } else if (event instanceof SipEvent.Ringing ringing) {
            Binding binding = bySession.get(ringing.key());
            if (binding != null && !binding.incoming) {
                binding.leg.alerting();
            }
        } else if (event instanceof SipEvent.EarlyMedia early) {
            Binding binding = bySession.get(early.key());
            if (binding != null && !binding.incoming && !binding.connected) {
                binding.leg.updateMedia(early.media());
            }
        } else if (event instanceof SipEvent.Held held) {
            Binding binding = bySession.get(held.key());
            if (binding != null && binding.connected) {
                if (held.held()) {
                    binding.leg.hold();
                } else {
                    binding.leg.resume();
                }
            }
        } else if (event instanceof SipEvent.MediaMoved moved) {
            Binding binding = bySession.get(moved.key());
            if (binding != null && binding.connected) {
                binding.leg.updateMedia(moved.media());
            }
        } else if (event instanceof SipEvent.Answered answered) {
            Binding binding = bySession.get(answered.key());
            if (binding != null && !binding.incoming) {
                binding.connected = true;
                binding.leg.answer(answered.media());
            } else {
                // The call ended here while the 200 was on its way: the agent hangs the session up.
                agent.hangUp(answered.key(), null);
            }
        }
    }

    private void incoming(SipEvent.Incoming incoming) {
        Offer offer = new Offer(incoming.caller(), incoming.called(), incoming.media());
        Routing router = routing.get();
        List<Participant> targets = router == null ? List.of() : router.incoming(this, offer);
        if (targets == null || targets.isEmpty()) {
            log.info("{}: INVITE {} from {}: nothing can ring; 480", name(), incoming.key(), offer.caller());
            agent.reject(incoming.key(), null, SipStatus.status(Reason.UNAVAILABLE));
            return;
        }
        Call call = core().calls().place(this, offer, targets);
        Binding binding = new Binding(call.origin(), incoming.key(), true);
        bind(binding);
        log.info("{} {}: incoming from {} for {}", call.id(), name(), offer.caller(), offer.called());
    }

    private void endFromSip(String key, Reason reason) {
        Binding binding = bySession.get(key);
        if (binding == null) {
            return;
        }
        unbind(binding);
        log.info("{} {}: ended on the SIP side: {}", binding.leg.call().id(), name(), reason.description());
        binding.leg.release(reason);
    }

    // ---- from the call core ------------------------------------------------------------------

    @Override
    public void offer(Leg leg, Offer offer) {
        String key = "out-" + leg.call().id();
        bind(new Binding(leg, key, false));
        agent.invite(key, leg.call().id(), offer.caller(), offer.called(), offer.media());
    }

    @Override
    public void alerting(Leg leg) {
        Binding binding = byCall.get(leg.call().id());
        if (binding != null && binding.incoming) {
            agent.ringing(binding.key, leg.call().id());
        }
    }

    @Override
    public void connected(Leg leg, Media media) {
        Binding binding = byCall.get(leg.call().id());
        if (binding != null && binding.incoming) {
            binding.connected = true;
            agent.answer(binding.key, leg.call().id(), media);
        }
    }

    @Override
    public void held(Leg leg) {
        hold(leg, true);
    }

    @Override
    public void resumed(Leg leg) {
        hold(leg, false);
    }

    private void hold(Leg leg, boolean hold) {
        Binding binding = byCall.get(leg.call().id());
        if (binding != null && binding.connected) {
            agent.hold(binding.key, leg.call().id(), hold);
        }
    }

    @Override
    public void released(Leg leg, Reason reason) {
        Binding binding = byCall.get(leg.call().id());
        if (binding == null) {
            return;
        }
        unbind(binding);
        if (binding.incoming && !binding.connected) {
            agent.reject(binding.key, leg.call().id(), SipStatus.status(reason));
        } else {
            agent.hangUp(binding.key, leg.call().id());
        }
    }

    private void bind(Binding binding) {
        attach(binding.leg);
        bySession.put(binding.key, binding);
        byCall.put(binding.leg.call().id(), binding);
    }

    private void unbind(Binding binding) {
        detach(binding.leg);
        bySession.remove(binding.key, binding);
        byCall.remove(binding.leg.call().id(), binding);
    }

    // ---- model -------------------------------------------------------------------------------

    LineStatus status() {
        return new LineStatus(account.name(), account.aor(), state, lastError, expires, byCall.size());
    }

    List<String> calls() {
        List<String> lines = new ArrayList<>();
        for (Binding binding : byCall.values()) {
            lines.add(binding.leg.call().id() + " " + (binding.incoming ? "in " : "out ") + binding.leg.state()
                    + " " + binding.leg.call().offer().caller() + " -> " + binding.leg.call().offer().called()
                    + " sip " + binding.key);
        }
        return lines;
    }

    /** The account went away: its calls end, late SIP events are dropped. */
    void close() {
        bySession.clear();
        byCall.clear();
        close(Reason.DEVICE_GONE);
        state = RegistrationState.UNREGISTERED;
    }
}
