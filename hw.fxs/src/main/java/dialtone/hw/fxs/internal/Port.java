package dialtone.hw.fxs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.AudioPath;
import dialtone.audio.dev.AudioPaths;
import dialtone.audio.dev.Tone;
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
import dialtone.hw.fxs.FxsDriver;
import dialtone.hw.fxs.FxsEvent;

/**
 * One analog line as a call participant. Lifting the handset gives dial tone; DTMF or pulse digits
 * are collected until the inter-digit timeout (or #) and go to the dial plan; an offered call sends
 * caller id and rings by the country's cadence; a hook flash holds the call and gives dial tone
 * for a second one, or toggles between two; hanging up releases everything. Busy and congestion
 * tones tell why a call failed. Call-core thread only: events come through the mailbox.
 */
public final class Port extends ParticipantProxy<FxsEvent> {

    private static final Logger log = LoggerFactory.getLogger(Port.class);

    private static final Capabilities CAPABILITIES = new Capabilities(
            Set.of(Codec.PCMU, Codec.PCMA, Codec.TELEPHONE_EVENT), 2,
            EnumSet.of(Capabilities.Feature.DIGITS, Capabilities.Feature.HOLD, Capabilities.Feature.CALLER_NAME));
    /** How long the call waiting tone sounds, and how often. */
    private static final Duration WAITING_BEEP = Duration.ofMillis(300);
    private static final Duration WAITING_REPEAT = Duration.ofSeconds(10);

    /** Where a call of this port stands. */
    public enum Phase {
        /** Off-hook, collecting digits (dial tone until the first). */
        DIALING,
        /** Placed, waiting for the far side. */
        CALLING,
        /** Connected. */
        TALKING,
        /** Failed or ended by the far side: busy or congestion tone until on-hook or flash. */
        FAILED
    }

    /** A call of this port: its voice path, and its leg once there is one. */
    private final class PortCall {
        final AudioPath path;
        Phase phase;
        Leg leg;
        final StringBuilder digits = new StringBuilder();
        boolean events;

        PortCall(AudioPath path, Phase phase) {
            this.path = path;
            this.phase = phase;
        }

        String id() {
            return leg == null ? "-" : leg.call().id();
        }
    }

    private FxsDriver driver;
    /** The law the line's voice channel was started in; null while stopped. */
    private Codec voiceLaw;
    /** True while the adapter's driver is away (being replaced); the calls wait for the next one. */
    private boolean away;
    private final int index;
    private final AudioPaths audio;
    private final Supplier<Routing> routing;
    private final PortSettings settings;
    private final CallerId identity;
    private final HookClassifier hook;
    private final Ringer ringer;

    private PortCall current;
    private PortCall held;
    /** A call offered while on-hook (ringing) or while talking (waiting). */
    private Leg incoming;
    private Timer digitTimeout;
    private Timer waitingBeep;

    public Port(CallCore core, String name, String number, FxsDriver driver, int index, AudioPaths audio,
            Supplier<Routing> routing, PortSettings settings) {
        super(core, name);
        this.driver = driver;
        this.index = index;
        this.audio = audio;
        this.routing = routing;
        this.settings = settings;
        this.identity = new CallerId(number, name);
        this.hook = new HookClassifier(core.timers(), settings, this::act);
        this.ringer = new Ringer(core.timers(), settings, driver, index);
    }

    /** The internal number: what others dial to ring it, and its caller id inside the house. */
    public String number() {
        return identity.number();
    }

    @Override
    public String kind() {
        return "port";
    }

    /** A port takes calls while its adapter has a driver. */
    @Override
    public boolean isAvailable() {
        return !away;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    protected void onEvent(FxsEvent event) {
        if (event instanceof FxsEvent.Hook h) {
            hook.hook(h.offHook(), h.atMillis());
        } else if (event instanceof FxsEvent.Dtmf d) {
            digit(d.digit());
        }
    }

    private void act(HookClassifier.Action action) {
        if (action instanceof HookClassifier.OffHook) {
            offHook();
        } else if (action instanceof HookClassifier.OnHook) {
            onHook();
        } else if (action instanceof HookClassifier.Flash) {
            flash();
        } else if (action instanceof HookClassifier.PulseDigit p) {
            digit(p.digit());
        }
    }

    private void offHook() {
        voice(law());
        if (incoming != null && current == null) {
            ringer.stop();
            Leg leg = incoming;
            incoming = null;
            answer(leg);
            return;
        }
        if (current == null) {
            log.info("{} off-hook: dial tone", name());
            current = dialling();
        }
    }

    /** A new call in the dialling phase, with dial tone; null when no RTP port is free. */
    private PortCall dialling() {
        AudioPath path = open();
        if (path == null) {
            return null;
        }
        path.tone(Tone.DIAL);
        return new PortCall(path, Phase.DIALING);
    }

    private AudioPath open() {
        try {
            return audio.open(name(), driver.channel(index), law());
        } catch (IllegalStateException e) {
            log.warn("{}: no voice path: {}", name(), e.getMessage());
            return null;
        }
    }

    private void onHook() {
        log.info("{} on-hook", name());
        cancel(digitTimeout);
        cancel(waitingBeep);
        end(current, Reason.NORMAL);
        end(held, Reason.NORMAL);
        current = null;
        held = null;
        voice(null);
        if (incoming != null) {
            // A call was waiting: the phone rings for it now.
            log.info("{} {} rings again: it was waiting", incoming.call().id(), name());
            ringer.start(incoming.call().offer().caller());
        }
    }

    private void end(PortCall call, Reason reason) {
        if (call == null) {
            return;
        }
        if (call.leg != null) {
            call.leg.release(call.phase == Phase.TALKING ? reason : Reason.CANCELLED);
            detach(call.leg);
        }
        call.path.close();
    }

    private void digit(char digit) {
        if (!hook.offHook()) {
            return;
        }
        PortCall call = current;
        if (call == null) {
            return;
        }
        if (call.phase == Phase.DIALING) {
            call.path.tone(Tone.NONE);
            cancel(digitTimeout);
            if (digit == '#' && call.digits.length() > 0) {
                dial(call);
                return;
            }
            call.digits.append(digit);
            Routing plan = routing.get();
            if (plan != null && plan.isComplete(this, call.digits.toString())) {
                dial(call);
                return;
            }
            Duration timeout = plan != null ? plan.interDigitTimeout() : settings.interDigit();
            digitTimeout = core().timers().schedule(timeout, () -> {
                if (current == call && call.phase == Phase.DIALING) {
                    dial(call);
                }
            });
        } else if (call.phase == Phase.TALKING) {
            if (call.events) {
                call.path.dtmf(digit);
            } else {
                call.leg.digits(String.valueOf(digit));
            }
        }
    }

    private void dial(PortCall call) {
        cancel(digitTimeout);
        String dialled = call.digits.toString();
        Routing plan = routing.get();
        List<Participant> targets = plan == null ? List.of() : plan.outgoing(this, dialled);
        if (targets.isEmpty()) {
            log.info("{} dialled {}: it leads nowhere{}", name(), dialled, plan == null ? " (no dial plan)" : "");
            call.phase = Phase.FAILED;
            call.path.tone(Tone.CONGESTION);
            return;
        }
        Offer offer = new Offer(identity, dialled, new Media(List.of(law(), other(law()), Codec.TELEPHONE_EVENT),
                call.path.local()));
        Call placed = core().calls().place(this, offer, targets);
        call.leg = placed.origin();
        call.phase = Phase.CALLING;
        attach(call.leg);
        log.info("{} {} dialled {}", placed.id(), name(), dialled);
    }

    private void flash() {
        PortCall call = current;
        log.info("{} {} flash", call == null ? "-" : call.id(), name());
        if (call != null && call.phase == Phase.TALKING) {
            call.leg.hold();
            call.path.hold(true);
            if (held == null) {
                held = call;
                current = null;
                if (incoming != null) {
                    cancel(waitingBeep);
                    Leg leg = incoming;
                    incoming = null;
                    answer(leg);
                } else {
                    current = dialling();
                }
            } else {
                // Toggle between the two calls.
                current = held;
                held = call;
                current.leg.resume();
                current.path.hold(false);
            }
        } else if (held != null) {
            // Give up the second call (dialling, ringing out, or failed) and go back to the first.
            cancel(digitTimeout);
            end(call, Reason.NORMAL);
            current = held;
            held = null;
            current.leg.resume();
            current.path.hold(false);
        }
    }

    /** Answers an offered call: a voice path towards the caller's endpoint, in the first law both speak. */
    private void answer(Leg leg) {
        AudioPath path = open();
        if (path == null) {
            leg.release(Reason.CONGESTION);
            detach(leg);
            return;
        }
        Media offered = leg.call().offer().media();
        Codec codec = g711(offered).orElse(law());
        boolean events = offered.codecs().contains(Codec.TELEPHONE_EVENT);
        PortCall call = new PortCall(path, Phase.TALKING);
        call.leg = leg;
        call.events = events;
        current = call;
        startVoice(call, offered, codec);
        List<Codec> answer = events ? List.of(codec, Codec.TELEPHONE_EVENT) : List.of(codec);
        leg.answer(new Media(answer, path.local()));
        log.info("{} {} answered in {}", leg.call().id(), name(), codec);
    }

    private void startVoice(PortCall call, Media remote, Codec codec) {
        voice(codec);
        if (remote.endpoint() == null) {
            log.warn("{} {}: the far side gave no voice endpoint", call.id(), name());
            return;
        }
        call.path.connect(call.id(), remote.endpoint(), codec, call.events ? Codec.TELEPHONE_EVENT.payloadType() : -1);
        call.path.tone(Tone.NONE);
    }

    // Participant: commands from the call core.

    @Override
    public void offer(Leg leg, Offer offer) {
        String id = leg.call().id();
        if (incoming != null || (current != null && (current.phase != Phase.TALKING || held != null))) {
            log.info("{} {} is busy", id, name());
            leg.release(Reason.BUSY);
            return;
        }
        attach(leg);
        incoming = leg;
        if (current == null) {
            log.info("{} {} rings for {}", id, name(), offer.caller());
            ringer.start(offer.caller());
        } else {
            log.info("{} {} call waiting: {}", id, name(), offer.caller());
            beepWaiting();
        }
        leg.alerting();
    }

    private void beepWaiting() {
        if (current == null || incoming == null) {
            return;
        }
        AudioPath path = current.path;
        path.tone(Tone.CALL_WAITING);
        waitingBeep = core().timers().schedule(WAITING_BEEP, () -> {
            path.tone(Tone.NONE);
            waitingBeep = core().timers().schedule(WAITING_REPEAT.minus(WAITING_BEEP), this::beepWaiting);
        });
    }

    @Override
    public void alerting(Leg leg) {
        PortCall call = callOf(leg);
        if (call != null && call.phase == Phase.CALLING) {
            log.info("{} {} hears ringback", leg.call().id(), name());
            call.path.tone(Tone.RINGBACK);
        }
    }

    @Override
    public void connected(Leg leg, Media media) {
        PortCall call = callOf(leg);
        if (call == null) {
            return;
        }
        Codec codec = g711(media).orElse(null);
        if (codec == null) {
            log.warn("{} {}: answered without G.711 ({}); releasing", leg.call().id(), name(), media.codecs());
            refuse(leg);
            return;
        }
        call.phase = Phase.TALKING;
        call.events = media.codecs().contains(Codec.TELEPHONE_EVENT);
        if (call == current) {
            startVoice(call, media, codec);
        } else if (media.endpoint() != null) {
            call.path.connect(leg.call().id(), media.endpoint(), codec, call.events ? Codec.TELEPHONE_EVENT.payloadType() : -1);
        }
        log.info("{} {} talks in {}", leg.call().id(), name(), codec);
    }

    @Override
    public void held(Leg leg) {
        PortCall call = callOf(leg);
        if (call != null) {
            call.path.mute(true); // the far side holds: its music still plays, nothing is sent
        }
    }

    @Override
    public void resumed(Leg leg) {
        PortCall call = callOf(leg);
        if (call != null) {
            call.path.mute(false);
        }
    }

    @Override
    public void earlyMedia(Leg leg, Media media) {
        PortCall call = callOf(leg);
        Codec codec = g711(media).orElse(null);
        if (call == null || call != current || call.phase != Phase.CALLING || codec == null
                || media.endpoint() == null) {
            return; // nothing to hear: the ringback tone goes on
        }
        call.events = media.codecs().contains(Codec.TELEPHONE_EVENT);
        startVoice(call, media, codec);
        log.info("{} {} hears the far side's early media in {}", leg.call().id(), name(), codec);
    }

    @Override
    public void mediaUpdated(Leg leg, Media media) {
        PortCall call = callOf(leg);
        if (call == null || call.phase != Phase.TALKING) {
            return;
        }
        // The law the line runs in, if the far side still takes it; a change restarts the channel.
        Codec codec = media.codecs().contains(voiceLaw) ? voiceLaw : g711(media).orElse(null);
        if (codec == null || media.endpoint() == null) {
            log.warn("{} {}: the far side moved to media without G.711 or endpoint ({}); releasing", leg.call().id(),
                    name(), media);
            refuse(leg);
            return;
        }
        call.events = media.codecs().contains(Codec.TELEPHONE_EVENT);
        if (call == current && codec != voiceLaw) {
            voice(codec);
        }
        call.path.connect(leg.call().id(), media.endpoint(), codec, call.events ? Codec.TELEPHONE_EVENT.payloadType() : -1);
        log.info("{} {} now sends to {} in {}", leg.call().id(), name(), media.endpoint(), codec);
    }

    /** The first G.711 law the media takes: the only voice a line carries. */
    private static Optional<Codec> g711(Media media) {
        return media.codecs().stream().filter(c -> c == Codec.PCMU || c == Codec.PCMA).findFirst();
    }

    /**
     * Ends a call whose media the line cannot carry. The core tells only the others of a release,
     * so the port plays its own congestion tone.
     */
    private void refuse(Leg leg) {
        leg.release(Reason.INCOMPATIBLE_MEDIA);
        released(leg, Reason.INCOMPATIBLE_MEDIA);
    }

    @Override
    public void released(Leg leg, Reason reason) {
        detach(leg);
        String id = leg.call().id();
        if (leg == incoming) {
            incoming = null;
            ringer.stop();
            cancel(waitingBeep);
            if (current != null && current.phase == Phase.TALKING) {
                current.path.tone(Tone.NONE);
            }
            log.info("{} {} stops ringing: {}", id, name(), reason.description());
            return;
        }
        if (held != null && held.leg == leg) {
            log.info("{} {} held call ended: {}", id, name(), reason.description());
            held.path.close();
            held = null;
            return;
        }
        PortCall call = current;
        if (call != null && call.leg == leg) {
            call.leg = null;
            call.phase = Phase.FAILED;
            Tone tone = reason == Reason.BUSY || reason == Reason.NORMAL || reason == Reason.REJECTED ? Tone.BUSY
                    : Tone.CONGESTION;
            log.info("{} {} hears {}: {}", id, name(), tone, reason.description());
            call.path.tone(tone);
        }
    }

    private PortCall callOf(Leg leg) {
        if (current != null && current.leg == leg) {
            return current;
        }
        if (held != null && held.leg == leg) {
            return held;
        }
        return null;
    }

    private Codec law() {
        return settings.cadence().alaw() ? Codec.PCMA : Codec.PCMU;
    }

    private static Codec other(Codec law) {
        return law == Codec.PCMA ? Codec.PCMU : Codec.PCMA;
    }

    private void voice(Codec law) {
        voiceLaw = law;
        driver.voice(index, law);
    }

    /** The adapter's driver went away; its replacement may come back within the grace time. */
    void suspend() {
        away = true;
        log.info("{}: driver away, calls kept for its replacement", name());
    }

    /**
     * Goes on with a driver that replaced the one gone, for the same adapter: the voice channel,
     * the bell and the voice paths move to it, and every call of the line stays as it was.
     */
    void rebind(FxsDriver newDriver) {
        driver = newDriver;
        away = false;
        ringer.driver(newDriver);
        if (voiceLaw != null) {
            newDriver.voice(index, voiceLaw);
        }
        if (current != null) {
            current.path.channel(newDriver.channel(index));
        }
        if (held != null) {
            held.path.channel(newDriver.channel(index));
        }
        log.info("{}: driver replaced ({}), {} kept", name(), newDriver.description(),
                current == null ? "no call" : current.phase + " " + current.id());
    }

    private static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** The adapter went away: every call ends, the mailbox closes. */
    void gone() {
        ringer.stop();
        cancel(digitTimeout);
        cancel(waitingBeep);
        if (current != null) {
            current.path.close();
        }
        if (held != null) {
            held.path.close();
        }
        current = null;
        held = null;
        incoming = null;
        close(Reason.DEVICE_GONE);
    }

    /** One line for the shell. */
    String describe() {
        StringBuilder line = new StringBuilder(name()).append(' ')
                .append(hook.offHook() ? "off-hook" : "on-hook");
        if (away) {
            line.append(" (driver away)");
        }
        if (ringer.active()) {
            line.append(" ringing");
        }
        if (current != null) {
            line.append(' ').append(current.phase).append(' ').append(current.id());
            if (current.phase == Phase.DIALING && current.digits.length() > 0) {
                line.append(" digits=").append(current.digits);
            }
        }
        if (held != null) {
            line.append(" held=").append(held.id());
        }
        if (incoming != null) {
            line.append(" incoming=").append(incoming.call().id());
        }
        return line.toString();
    }

    /** The phase of the current call, null without one: for tests and the shell. */
    Phase phase() {
        return current == null ? null : current.phase;
    }

    boolean holding() {
        return held != null;
    }

    boolean offHookNow() {
        return hook.offHook();
    }

    List<String> calls() {
        List<String> ids = new ArrayList<>();
        for (Leg leg : legs()) {
            ids.add(leg.call().id());
        }
        return ids;
    }
}
