package dialtone.hw.dect.internal;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.AudioPath;
import dialtone.audio.dev.AudioPaths;
import dialtone.audio.dev.DeviceChannel;
import dialtone.core.call.Call;
import dialtone.core.call.CallCore;
import dialtone.core.call.CallerId;
import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.core.call.Timer;
import dialtone.core.proxy.ParticipantProxy;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.dect.Subscription;

/**
 * One subscribed handset as a participant: its subscription, whether the base reaches it, and the
 * one call it can carry, with its voice path between RTP and the driver's voice channel for the
 * handset. Lives on the call-core thread; it outlives the driver, so a dongle swap leaves it in
 * place.
 */
final class HandsetProxy extends ParticipantProxy<DectEvent> {

    private static final Logger log = LoggerFactory.getLogger(HandsetProxy.class);
    /** How long to wait for the next keypad digit while no routing is there to say. */
    private static final Duration DEFAULT_INTER_DIGIT = Duration.ofSeconds(4);

    /** Where the handset's call stands. */
    enum State {
        IDLE, DIALING, CALLING, RINGING, CONNECTED
    }

    private final BaseModel base;
    private Subscription subscription;
    private boolean present;
    private State state = State.IDLE;
    private Leg leg;
    private final StringBuilder dialled = new StringBuilder();
    private Timer interDigit;
    private Codec codec;
    /** The call's voice path; null without a call, or when the driver or the exchange carries no voice. */
    private AudioPath path;

    HandsetProxy(CallCore core, BaseModel base, Subscription subscription) {
        super(core, "dect/" + subscription.handset());
        this.base = base;
        this.subscription = subscription;
    }

    int number() {
        return subscription.handset();
    }

    Subscription subscription() {
        return subscription;
    }

    void rename(String name) {
        subscription = subscription.withName(name);
    }

    boolean present() {
        return present;
    }

    State state() {
        return state;
    }

    /** True while the handset holds a radio channel of the base. */
    boolean busy() {
        return state != State.IDLE;
    }

    /** The codecs a call with this handset can use: what both the base and the handset carry, in the base's order. */
    List<Codec> codecs() {
        return Codec.common(base.codecs(), subscription.codecs());
    }

    /** The codec the handset prefers: the first both it and the base carry. */
    private Codec preferred() {
        List<Codec> both = codecs();
        return both.isEmpty() ? Codec.PCMA : both.get(0);
    }

    @Override
    public String kind() {
        return "handset";
    }

    /** Subscribed and in reach of a plugged base. */
    @Override
    public boolean isAvailable() {
        return base.attached() && present;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.copyOf(codecs().isEmpty() ? List.of(Codec.PCMA) : codecs()), 1,
                EnumSet.of(Capabilities.Feature.DIGITS, Capabilities.Feature.CALLER_NAME));
    }

    // ---- from the call core -------------------------------------------------------------------

    @Override
    public void offer(Leg offered, Offer offer) {
        String id = offered.call().id();
        if (!base.attached() || !present) {
            log.info("{} {} not reachable: {}", id, name(), base.attached() ? "switched off" : "no base plugged");
            offered.release(Reason.UNAVAILABLE);
            return;
        }
        if (busy()) {
            log.info("{} {} busy", id, name());
            offered.release(Reason.BUSY);
            return;
        }
        if (base.activeCalls() >= base.maxCalls()) {
            log.info("{} {} no free channel: the base carries {} calls", id, name(), base.maxCalls());
            offered.release(Reason.CONGESTION);
            return;
        }
        leg = offered;
        attach(offered);
        state = State.RINGING;
        log.info("{} {} offered {} with {}", id, name(), offer.caller(), offer.media().codecs());
        base.send(new DectCommand.Setup(number(), offer.caller(), offer.media().codecs()));
    }

    @Override
    public void alerting(Leg ringing) {
        if (ringing == leg && state == State.CALLING) {
            base.send(new DectCommand.Alerting(number()));
        }
    }

    @Override
    public void connected(Leg answered, Media media) {
        if (answered != leg) {
            return;
        }
        List<Codec> common = Codec.common(media.codecs(), codecs());
        codec = common.stream().filter(Codec::isVoice).findFirst().orElse(Codec.PCMA);
        state = State.CONNECTED;
        log.info("{} {} connected with {}", answered.call().id(), name(), codec);
        base.send(new DectCommand.Connect(number(), codec));
        connectVoice(media);
    }

    /** The far side plays its ringing or an announcement: the handset hears it instead of its own ringback. */
    @Override
    public void earlyMedia(Leg ringing, Media media) {
        if (ringing != leg || state != State.CALLING || path == null) {
            return;
        }
        Codec inband = Codec.common(media.codecs(), codecs()).stream().filter(Codec::isVoice).findFirst().orElse(null);
        if (inband == null || media.endpoint() == null || !"rtp".equals(media.endpoint().getScheme())) {
            return;
        }
        codec = inband;
        connectVoice(media);
        base.send(new DectCommand.Alerting(number(), inband));
        log.info("{} {} hears the far side's early media in {}", ringing.call().id(), name(), inband);
    }

    @Override
    public void mediaUpdated(Leg moved, Media media) {
        if (moved != leg || state != State.CONNECTED) {
            return;
        }
        if (media.codecs().contains(codec)) {
            connectVoice(media);
        } else {
            // The radio link keeps the codec it was connected with.
            log.warn("{} {}: the far side moved to {} without {}; voice stays where it was", moved.call().id(),
                    name(), media.codecs(), codec);
        }
    }

    @Override
    public void held(Leg holding) {
        if (holding == leg && path != null) {
            path.mute(true); // the far side's music on hold still plays
        }
    }

    @Override
    public void resumed(Leg holding) {
        if (holding == leg && path != null) {
            path.mute(false);
        }
    }

    @Override
    public void released(Leg released, Reason reason) {
        if (released != leg) {
            detach(released);
            return;
        }
        log.info("{} {} released: {}", released.call().id(), name(), reason.description());
        endCall();
        base.send(new DectCommand.Release(number(), reason));
        base.send(new DectCommand.Display(number(), reason.description()));
    }

    @Override
    public void digits(Leg from, String digits) {
        log.debug("{} {} far side sent digits {}", from.call().id(), name(), digits);
    }

    // ---- from the driver ----------------------------------------------------------------------

    @Override
    protected void onEvent(DectEvent event) {
        if (event instanceof DectEvent.Presence presence) {
            present = presence.present();
            if (!present && leg != null) {
                log.info("{} {} went away during the call", leg.call().id(), name());
                leg.release(Reason.DEVICE_GONE);
                endCall();
            }
        } else if (event instanceof DectEvent.OffHook) {
            present = true;
            if (state == State.RINGING) {
                // Lifted to answer: the first codec of the offer the handset speaks.
                List<Codec> common = Codec.common(leg.call().offer().media().codecs(), codecs());
                answer(common.isEmpty() ? preferred() : common.get(0));
            } else if (state == State.IDLE) {
                state = State.DIALING;
                dialled.setLength(0);
                restartInterDigit();
            }
        } else if (event instanceof DectEvent.Keypad keypad) {
            keypad(keypad.digits());
        } else if (event instanceof DectEvent.Dial dial) {
            if (state == State.IDLE || state == State.DIALING) {
                dialled.setLength(0);
                dialled.append(dial.number());
                place();
            }
        } else if (event instanceof DectEvent.Alerting) {
            if (state == State.RINGING && leg != null) {
                leg.alerting();
            }
        } else if (event instanceof DectEvent.Answer answer) {
            if (state == State.RINGING) {
                answer(answer.codec());
            }
        } else if (event instanceof DectEvent.Release release) {
            onHook(release.reason());
        }
    }

    /** The base went away: the call ends with a reason for the other side; the subscription stays. */
    void baseGone() {
        present = false;
        if (leg != null) {
            log.info("{} {} lost its base during the call", leg.call().id(), name());
            leg.release(Reason.DEVICE_GONE);
        }
        endCall();
    }

    /** The handset was deleted from the base. */
    void deleted() {
        endCall();
        close(Reason.UNAVAILABLE);
    }

    private void keypad(String digits) {
        if (state == State.CONNECTED && leg != null) {
            String dtmf = digits.replaceAll("[^0-9*#A-D]", "");
            if (!dtmf.isEmpty()) {
                leg.digits(dtmf);
            }
            return;
        }
        if (state == State.IDLE) {
            state = State.DIALING;
            dialled.setLength(0);
        }
        if (state != State.DIALING) {
            return;
        }
        dialled.append(digits);
        int end = dialled.indexOf("#");
        Routing routing = base.routing();
        if (end >= 0) {
            dialled.setLength(end);
            place();
        } else if (routing != null && routing.isComplete(this, dialled.toString())) {
            place();
        } else {
            restartInterDigit();
        }
    }

    private void restartInterDigit() {
        if (interDigit != null) {
            interDigit.cancel();
        }
        Routing routing = base.routing();
        Duration timeout = routing == null ? DEFAULT_INTER_DIGIT : routing.interDigitTimeout();
        interDigit = core().timers().schedule(timeout, () -> {
            interDigit = null;
            if (state == State.DIALING && dialled.length() > 0) {
                place();
            }
        });
    }

    /** Dialling is complete: asks the routing where the number leads and places the call. */
    private void place() {
        cancelInterDigit();
        // '#' only ends dialling; it is not part of the number (en-bloc dialling may carry it).
        String number = dialled.toString().replaceFirst("#$", "");
        Routing routing = base.routing();
        if (number.isEmpty()) {
            return;
        }
        if (routing == null) {
            log.info("{} dialled {}: no dial plan", name(), number);
            refuse(Reason.UNAVAILABLE, "no dial plan");
            return;
        }
        if (base.activeCalls() >= base.maxCalls()) {
            log.info("{} dialled {}: no free channel", name(), number);
            refuse(Reason.CONGESTION, Reason.CONGESTION.description());
            return;
        }
        List<Participant> targets = routing.outgoing(this, number);
        if (targets == null || targets.isEmpty()) {
            log.info("{} dialled {}: {}", name(), number, Reason.UNKNOWN_NUMBER.description());
            refuse(Reason.UNKNOWN_NUMBER, Reason.UNKNOWN_NUMBER.description());
            return;
        }
        openVoice(preferred());
        Offer offer = new Offer(new CallerId(Integer.toString(number()), subscription.name()), number,
                new Media(codecs(), endpoint()));
        Call call = core().calls().place(this, offer, targets);
        leg = call.origin();
        attach(leg);
        state = State.CALLING;
        log.info("{} {} calls {} offering {}", call.id(), name(), number, codecs());
        base.send(new DectCommand.Display(number(), "calling " + number));
    }

    private void refuse(Reason reason, String why) {
        state = State.IDLE;
        dialled.setLength(0);
        base.send(new DectCommand.Release(number(), reason));
        base.send(new DectCommand.Display(number(), why));
    }

    private void answer(Codec chosen) {
        if (leg == null) {
            return;
        }
        codec = chosen;
        state = State.CONNECTED;
        log.info("{} {} answered with {}", leg.call().id(), name(), chosen);
        openVoice(chosen);
        leg.answer(new Media(List.of(chosen), endpoint()));
        connectVoice(leg.call().offer().media());
    }

    private void onHook(Reason reason) {
        if (leg != null) {
            Reason told = state == State.RINGING && reason == Reason.NORMAL ? Reason.REJECTED : reason;
            log.info("{} {} hung up: {}", leg.call().id(), name(), told.description());
            leg.release(told);
        }
        endCall();
    }

    private void endCall() {
        cancelInterDigit();
        if (leg != null) {
            detach(leg);
        }
        leg = null;
        codec = null;
        state = State.IDLE;
        dialled.setLength(0);
        if (path != null) {
            path.close();
            path = null;
        }
    }

    private void cancelInterDigit() {
        if (interDigit != null) {
            interDigit.cancel();
            interDigit = null;
        }
    }

    /** Where the far side sends voice: the path's RTP address, or the base when there is no path. */
    private URI endpoint() {
        return path != null ? path.local() : URI.create("dect://base/" + number());
    }

    /** Opens the call's voice path, where the driver and the exchange carry voice. */
    private void openVoice(Codec law) {
        AudioPaths audio = base.audio();
        DeviceChannel channel = base.voice(number());
        if (path != null || audio == null || channel == null) {
            return;
        }
        try {
            path = audio.open(name(), channel, law);
        } catch (IllegalStateException e) {
            log.warn("{}: no voice path: {}", name(), e.getMessage());
        }
    }

    /** Sends the call's voice to the far side's RTP endpoint, in the call's codec. */
    private void connectVoice(Media remote) {
        URI far = remote.endpoint();
        if (path == null || codec == null || far == null || !"rtp".equals(far.getScheme())) {
            return;
        }
        try {
            path.connect(leg.call().id(), far, codec, -1);
        } catch (IllegalArgumentException e) {
            log.warn("{} {}: no voice to {}: {}", leg.call().id(), name(), far, e.getMessage());
        }
    }

    /** Another driver carries the call on: the path takes its voice channel for the handset. */
    void voiceMoved() {
        DeviceChannel channel = base.voice(number());
        if (path != null && channel != null) {
            path.channel(channel);
        }
    }

    /** One line for {@code dect:handsets}. */
    String describe() {
        StringBuilder line = new StringBuilder();
        line.append(number()).append("  ").append(subscription.name()).append("  ipui ").append(subscription.ipui())
                .append("  ").append(present ? "reachable" : "not reachable").append("  ").append(state);
        if (leg != null) {
            line.append(' ').append(leg.call().id());
        }
        if (codec != null) {
            line.append(' ').append(codec);
        }
        line.append("  codecs ").append(codecs());
        return line.toString();
    }
}
