package dialtone.core.call.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Call;
import dialtone.core.call.CallState;
import dialtone.core.call.Codec;
import dialtone.core.call.Inbox;
import dialtone.core.call.Leg;
import dialtone.core.call.LegState;
import dialtone.core.call.Media;
import dialtone.core.call.Message;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;

/**
 * The mediator of one call: the origin and the targets it was offered to (ringing as a group). It
 * turns each {@link Message.Signal} into commands for the other legs. Every method runs on the
 * call-core thread, one signal at a time, so a signal never meets half-changed state; a signal for
 * a leg that is already released (a release crossing an answer, say) is dropped.
 */
final class CallImpl implements Call {

    private static final Logger log = LoggerFactory.getLogger(CallImpl.class);

    private final String id;
    private final Offer offer;
    private final CallRegistry registry;
    private final LegImpl origin;
    private final List<LegImpl> targets = new ArrayList<>();
    private final Instant started = Instant.now();
    private CallState state = CallState.SETUP;
    private LegImpl answered;
    private Instant connectedAt;
    private Reason targetFailure;

    CallImpl(String id, Participant caller, Offer offer, CallRegistry registry) {
        this.id = id;
        this.offer = offer;
        this.registry = registry;
        this.origin = new LegImpl(this, caller, true);
        origin.media = offer.media();
    }

    /**
     * Offers the call to every target. Failures found here are posted as signals rather than
     * handled at once, so the caller never hears back while it is still placing the call.
     */
    void start(List<? extends Participant> participants) {
        log.info("{} {} calls {} ({}) -> {}", id, origin.participant.name(), offer.called(), offer.caller(),
                names(participants));
        if (participants.isEmpty()) {
            registry.tell(this, observer -> observer.placed(this));
            inbox().deliver(call -> call.endWithoutTargets(), this);
            return;
        }
        for (Participant participant : participants) {
            targets.add(new LegImpl(this, participant, false));
        }
        for (LegImpl target : List.copyOf(targets)) {
            List<Codec> common = Codec.common(offer.media().codecs(), target.participant.capabilities().codecs());
            if (common.stream().noneMatch(Codec::isVoice)) {
                log.info("{} {} has no codec in common with {}", id, target.participant.name(), offer.media().codecs());
                target.release(Reason.INCOMPATIBLE_MEDIA);
                continue;
            }
            Offer narrowed = new Offer(offer.caller(), offer.called(), new Media(common, offer.media().endpoint()));
            tell(target, () -> target.participant.offer(target, narrowed));
        }
        registry.tell(this, observer -> observer.placed(this));
    }

    void handle(Message.Signal signal) {
        LegImpl leg = (LegImpl) signal.leg();
        if (leg.call != this) {
            throw new IllegalArgumentException(signal + " names a leg of another call");
        }
        if (leg.isReleased()) {
            log.debug("{} {} ignored: the leg is already released", id, signal.getClass().getSimpleName());
            return;
        }
        if (signal instanceof Message.Alerting) {
            alerting(leg);
        } else if (signal instanceof Message.Answer answer) {
            answer(leg, answer.media());
        } else if (signal instanceof Message.Release release) {
            release(leg, release.reason());
        } else if (signal instanceof Message.Digits digits) {
            digits(leg, digits.digits());
        } else if (signal instanceof Message.Hold) {
            hold(leg, true);
        } else if (signal instanceof Message.Resume) {
            hold(leg, false);
        } else if (signal instanceof Message.MediaUpdate update) {
            mediaUpdate(leg, update.media());
        }
    }

    private void alerting(LegImpl leg) {
        if (leg.origin || leg.state != LegState.SETUP || answered != null) {
            return;
        }
        leg.state = LegState.ALERTING;
        log.info("{} {} rings", id, leg.participant.name());
        registry.tell(this, observer -> observer.alerting(this, leg));
        if (state == CallState.SETUP) {
            state = CallState.ALERTING;
            origin.state = LegState.ALERTING;
            tell(origin, () -> origin.participant.alerting(origin));
        }
    }

    private void answer(LegImpl leg, Media media) {
        if (leg.origin) {
            log.warn("{} {} answered its own call; ignored", id, leg.participant.name());
            return;
        }
        if (answered != null) {
            // Cannot happen through the signals (the others are released on the first answer), but a
            // stray answer must not connect a second party.
            releaseLeg(leg, Reason.ANSWERED_ELSEWHERE);
            return;
        }
        answered = leg;
        connectedAt = Instant.now();
        state = CallState.CONNECTED;
        leg.state = LegState.CONNECTED;
        leg.media = media;
        origin.state = LegState.CONNECTED;
        log.info("{} {} answered with {}", id, leg.participant.name(), media.codecs());
        for (LegImpl other : targets) {
            if (other != leg && !other.isReleased()) {
                releaseLeg(other, Reason.ANSWERED_ELSEWHERE);
            }
        }
        tell(origin, () -> origin.participant.connected(origin, media));
        registry.tell(this, observer -> observer.connected(this));
    }

    private void release(LegImpl leg, Reason reason) {
        leg.state = LegState.RELEASED;
        if (leg.origin) {
            log.info("{} {} hung up: {}", id, leg.participant.name(), reason.description());
            Reason toTargets = answered == null ? Reason.CANCELLED : reason;
            for (LegImpl target : targets) {
                if (!target.isReleased()) {
                    releaseLeg(target, toTargets);
                }
            }
            end(reason);
        } else if (leg == answered) {
            log.info("{} {} hung up: {}", id, leg.participant.name(), reason.description());
            releaseLeg(origin, reason);
            end(reason);
        } else {
            log.info("{} {} released: {}", id, leg.participant.name(), reason.description());
            targetFailure = Reason.mostTelling(targetFailure, reason);
            if (answered == null && targets.stream().allMatch(LegImpl::isReleased)) {
                releaseLeg(origin, targetFailure);
                end(targetFailure);
            }
        }
    }

    private void digits(LegImpl leg, String digits) {
        LegImpl other = otherSide(leg);
        if (other == null) {
            log.debug("{} digits from {} before the call connected; dropped", id, leg.participant.name());
            return;
        }
        tell(other, () -> other.participant.digits(other, digits));
    }

    private void hold(LegImpl leg, boolean hold) {
        LegImpl other = otherSide(leg);
        if (other == null || leg.held == hold) {
            return;
        }
        leg.held = hold;
        log.info("{} {} {}", id, leg.participant.name(), hold ? "holds" : "resumes");
        tell(other, hold ? () -> other.participant.held(other) : () -> other.participant.resumed(other));
    }

    private void mediaUpdate(LegImpl leg, Media media) {
        if (answered == null) {
            if (leg.origin) {
                log.debug("{} media update from the caller before the answer; dropped", id);
                return;
            }
            log.info("{} {} plays early media from {}", id, leg.participant.name(), media.endpoint());
            tell(origin, () -> origin.participant.earlyMedia(origin, media));
            return;
        }
        LegImpl other = otherSide(leg);
        if (other == null) {
            log.debug("{} media update from {}, which did not take the call; dropped", id, leg.participant.name());
            return;
        }
        leg.media = media;
        log.info("{} {} moved its media to {} {}", id, leg.participant.name(), media.endpoint(), media.codecs());
        tell(other, () -> other.participant.mediaUpdated(other, media));
    }

    /** The connected peer of {@code leg}, or null before the call connected. */
    private LegImpl otherSide(LegImpl leg) {
        if (answered == null) {
            return null;
        }
        return leg.origin ? answered : leg == answered ? origin : null;
    }

    private void endWithoutTargets() {
        if (!origin.isReleased()) {
            releaseLeg(origin, Reason.UNAVAILABLE);
            end(Reason.UNAVAILABLE);
        }
    }

    private void releaseLeg(LegImpl leg, Reason reason) {
        leg.state = LegState.RELEASED;
        tell(leg, () -> leg.participant.released(leg, reason));
    }

    private void end(Reason reason) {
        if (state == CallState.ENDED) {
            return;
        }
        state = CallState.ENDED;
        registry.ended(this);
        log.info("{} ended: {}", id, reason.description());
        registry.tell(this, observer -> observer.ended(this, reason));
    }

    /**
     * Runs a participant callback. A participant that throws is logged with the call id and its
     * leg released as failed, so one broken driver cannot leave the call half set up.
     */
    private void tell(LegImpl leg, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("{} {} failed on a command; releasing its leg", id, leg.participant.name(), e);
            if (!leg.isReleased()) {
                leg.release(Reason.FAILURE);
            }
        }
    }

    private static String names(List<? extends Participant> participants) {
        List<String> names = new ArrayList<>(participants.size());
        for (Participant participant : participants) {
            names.add(participant.name());
        }
        return String.join(", ", names);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CallState state() {
        return state;
    }

    @Override
    public Offer offer() {
        return offer;
    }

    @Override
    public Leg origin() {
        return origin;
    }

    @Override
    public List<Leg> legs() {
        List<Leg> legs = new ArrayList<>(targets.size() + 1);
        legs.add(origin);
        legs.addAll(targets);
        return Collections.unmodifiableList(legs);
    }

    @Override
    public Leg answered() {
        return answered;
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public Inbox inbox() {
        return registry.inbox();
    }

    @Override
    public String toString() {
        return id + " " + state;
    }
}
