package dialtone.hw.dect.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.AudioPaths;
import dialtone.audio.dev.DeviceChannel;
import dialtone.core.call.CallCore;
import dialtone.core.call.Codec;
import dialtone.core.call.Routing;
import dialtone.core.call.Timer;
import dialtone.core.proxy.Mailbox;
import dialtone.hw.dect.BaseInfo;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectDriver;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.dect.Subscription;
import dialtone.hw.dect.SubscriptionStore;

/**
 * The base as the exchange knows it, on the call-core thread: the subscribed handsets, the driver
 * attached now (if any) and what its dongle said about itself. Subscriptions belong to the model,
 * not the dongle: when another dongle is plugged the model writes them onto it.
 */
final class BaseModel {

    private static final Logger log = LoggerFactory.getLogger(BaseModel.class);
    /** What a handset model assumes of a base before one is plugged: narrowband, as every base carries. */
    private static final List<Codec> NARROWBAND = List.of(Codec.PCMA, Codec.PCMU);

    /** What the model needs from outside; every method returns at once. */
    interface Outside {
        Routing routing();

        /** The voice paths, or null while there are none: handsets then signal calls without voice. */
        AudioPaths audio();

        /** Publishes or updates the handset as a participant service (done off the loop). */
        void publish(HandsetProxy handset, Subscription subscription);

        /** Withdraws the handset's participant service (done off the loop). */
        void withdraw(HandsetProxy handset);
    }

    private final CallCore core;
    private final SubscriptionStore store;
    private final Outside outside;
    private final Supplier<Settings> settings;
    private final Map<Integer, HandsetProxy> handsets = new TreeMap<>();
    /** Commands kept for held calls, at most this many. */
    private static final int MAX_HELD = 256;

    private DectDriver driver;
    /** The dongle whose driver went while calls ran on it; null when no calls are held. */
    private String suspended;
    private Timer graceTimer;
    private final List<DectCommand> held = new ArrayList<>();
    private Mailbox<DectEvent> session;
    private BaseInfo info;
    private BaseInfo lastInfo;
    private Instant attachedAt;
    private Instant readyAt;
    private boolean registrationOpen;
    private Timer registrationTimer;
    private boolean paging;
    private int failures;
    private String lastFailure = "";

    BaseModel(CallCore core, SubscriptionStore store, Outside outside, Supplier<Settings> settings) {
        this.core = core;
        this.store = store;
        this.outside = outside;
        this.settings = settings;
    }

    /** Brings back the saved subscriptions; once, before anything else. */
    void restore(List<Subscription> saved) {
        for (Subscription subscription : saved) {
            if (!handsets.containsKey(subscription.handset())) {
                HandsetProxy handset = new HandsetProxy(core, this, subscription);
                handsets.put(subscription.handset(), handset);
                outside.publish(handset, subscription);
            }
        }
        log.info("dect: {} subscriptions restored", handsets.size());
    }

    // ---- drivers ------------------------------------------------------------------------------

    void attach(DectDriver candidate) {
        if (driver != null) {
            log.warn("dect: {} ignored: {} is attached already", candidate.describe(), driver.describe());
            return;
        }
        if (suspended != null && !suspended.equals(candidate.device())) {
            endHeldCalls();
        }
        driver = candidate;
        attachedAt = Instant.now();
        readyAt = null;
        info = null;
        session = new Mailbox<>(core, "dect/base", this::onEvent);
        log.info("dect: attached {}", candidate.describe());
        candidate.start(session::post);
    }

    void detach(DectDriver gone) {
        detach(gone, false);
    }

    /**
     * The driver went away. When its dongle stays plugged (the driver bundle is being updated or
     * restarted) the calls in progress are held for a moment, and the commands for them kept, so
     * the next driver on the same dongle carries them on.
     */
    void detach(DectDriver gone, boolean donglePlugged) {
        if (driver != gone) {
            return;
        }
        session.close();
        session = null;
        driver = null;
        info = null;
        readyAt = null;
        registrationOpen = false;
        paging = false;
        cancelRegistrationTimer();
        if (donglePlugged && activeCalls() > 0) {
            suspended = gone.device();
            Duration grace = settings.get().driverGrace();
            log.info("dect: detached {}; its dongle stays, so {} calls are held for {} ms", gone.describe(),
                    activeCalls(), grace.toMillis());
            graceTimer = core.timers().schedule(grace, () -> {
                graceTimer = null;
                if (suspended != null) {
                    log.info("dect: no driver came back for {}; ending the held calls", suspended);
                    endHeldCalls();
                }
            });
            return;
        }
        log.info("dect: detached {}", gone.describe());
        endHeldCalls();
        for (HandsetProxy handset : handsets.values()) {
            handset.baseGone();
        }
    }

    private void endHeldCalls() {
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
        boolean wasHeld = suspended != null;
        suspended = null;
        held.clear();
        if (wasHeld) {
            for (HandsetProxy handset : handsets.values()) {
                handset.baseGone();
            }
        }
    }

    /** The model stops: calls end, the driver is let go (a new model may attach it). */
    void shutdown() {
        if (driver != null) {
            detach(driver);
        }
        endHeldCalls();
        for (HandsetProxy handset : handsets.values()) {
            handset.baseGone();
        }
    }

    boolean attached() {
        return driver != null && info != null;
    }

    void send(DectCommand command) {
        if (driver != null && (suspended == null || info != null)) {
            driver.send(command);
        } else if (suspended != null && held.size() < MAX_HELD) {
            held.add(command);
        }
    }

    // ---- events from the dongle ---------------------------------------------------------------

    private void onEvent(DectEvent event) {
        if (event instanceof DectEvent.BaseReady ready) {
            ready(ready.info());
        } else if (event instanceof DectEvent.SubscriptionRequest request) {
            subscriptionRequest(request);
        } else if (event instanceof DectEvent.Failure failure) {
            failures++;
            lastFailure = failure.description();
        } else if (event instanceof DectEvent.LinkLost lost) {
            log.warn("dect: link to {} lost: {}", driver == null ? "the base" : driver.describe(), lost.description());
            if (driver != null) {
                detach(driver);
            }
        } else {
            int number = handsetOf(event);
            HandsetProxy handset = handsets.get(number);
            if (handset == null) {
                log.warn("dect: {} names handset {}, which is not subscribed", event, number);
                if (number > 0) {
                    send(new DectCommand.Delete(number));
                }
                return;
            }
            handset.onEvent(event);
        }
    }

    private void ready(BaseInfo reported) {
        boolean first = info == null;
        info = reported;
        lastInfo = reported;
        if (!first) {
            return;
        }
        readyAt = Instant.now();
        List<DectCommand> replay = List.copyOf(held);
        boolean resumed = suspended != null;
        if (resumed) {
            if (graceTimer != null) {
                graceTimer.cancel();
                graceTimer = null;
            }
            suspended = null;
            held.clear();
        }
        log.info("dect: base ready: revision {}, firmware {}, {} calls, codecs {} ({} ms after attach)",
                reported.revision(), reported.firmware(), reported.maxCalls(), reported.codecs(),
                Duration.between(attachedAt, readyAt).toMillis());
        for (HandsetProxy handset : handsets.values()) {
            if (handset.number() <= reported.maxHandsets()) {
                send(new DectCommand.Subscribe(handset.subscription()));
            } else {
                log.warn("dect: handset {} does not fit this base ({} handsets); kept for another", handset.number(),
                        reported.maxHandsets());
            }
        }
        if (resumed) {
            log.info("dect: the held calls go on with {} ({} commands kept meanwhile)", driver.describe(),
                    replay.size());
            replay.forEach(this::send);
            handsets.values().forEach(HandsetProxy::voiceMoved);
        }
    }

    private void subscriptionRequest(DectEvent.SubscriptionRequest request) {
        HandsetProxy existing = null;
        for (HandsetProxy handset : handsets.values()) {
            if (handset.subscription().ipui().equals(request.ipui())) {
                existing = handset;
            }
        }
        if (existing != null) {
            log.info("dect: handset {} ({}) subscribed again", existing.number(), request.ipui());
            send(new DectCommand.Subscribe(existing.subscription()));
            return;
        }
        if (!registrationOpen) {
            log.info("dect: handset {} refused: the registration window is closed", request.ipui());
            send(new DectCommand.Refuse(request.ipui()));
            return;
        }
        int number = freeNumber();
        if (number == 0) {
            log.info("dect: handset {} refused: the base is full", request.ipui());
            send(new DectCommand.Refuse(request.ipui()));
            return;
        }
        Subscription subscription;
        try {
            subscription = new Subscription(number, request.ipui(), "Handset " + number, request.codecs());
        } catch (IllegalArgumentException e) {
            log.warn("dect: subscription refused: {}", e.getMessage());
            send(new DectCommand.Refuse(request.ipui()));
            return;
        }
        HandsetProxy handset = new HandsetProxy(core, this, subscription);
        handsets.put(number, handset);
        log.info("dect: handset {} subscribed as {} '{}' with {}", request.ipui(), number, subscription.name(),
                request.codecs());
        send(new DectCommand.Subscribe(subscription));
        outside.publish(handset, subscription);
        save();
    }

    private int freeNumber() {
        int max = info == null ? 0 : info.maxHandsets();
        for (int number = 1; number <= max; number++) {
            if (!handsets.containsKey(number)) {
                return number;
            }
        }
        return 0;
    }

    private static int handsetOf(DectEvent event) {
        if (event instanceof DectEvent.Presence e) {
            return e.handset();
        } else if (event instanceof DectEvent.OffHook e) {
            return e.handset();
        } else if (event instanceof DectEvent.Keypad e) {
            return e.handset();
        } else if (event instanceof DectEvent.Dial e) {
            return e.handset();
        } else if (event instanceof DectEvent.Alerting e) {
            return e.handset();
        } else if (event instanceof DectEvent.Answer e) {
            return e.handset();
        } else if (event instanceof DectEvent.Release e) {
            return e.handset();
        }
        return 0;
    }

    // ---- what the shell asks ------------------------------------------------------------------

    String registration(boolean open) {
        if (driver == null) {
            return "no base plugged";
        }
        cancelRegistrationTimer();
        registrationOpen = open;
        send(new DectCommand.RegistrationWindow(open));
        if (!open) {
            log.info("dect: registration window closed");
            return "registration closed";
        }
        Duration window = settings.get().registrationWindow();
        registrationTimer = core.timers().schedule(window, () -> {
            registrationTimer = null;
            if (registrationOpen) {
                registration(false);
            }
        });
        log.info("dect: registration window open for {} s", window.toSeconds());
        return "registration open for " + window.toSeconds() + " s";
    }

    String page(boolean on) {
        if (driver == null) {
            return "no base plugged";
        }
        paging = on;
        send(new DectCommand.Page(on));
        return on ? "paging every handset" : "paging stopped";
    }

    String rename(int number, String name) {
        HandsetProxy handset = handsets.get(number);
        if (handset == null) {
            throw new IllegalArgumentException("no handset " + number + "; subscribed: " + handsets.keySet());
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a name must not be blank");
        }
        handset.rename(name.strip());
        send(new DectCommand.Subscribe(handset.subscription()));
        outside.publish(handset, handset.subscription());
        save();
        return handset.describe();
    }

    String delete(int number) {
        HandsetProxy handset = handsets.remove(number);
        if (handset == null) {
            throw new IllegalArgumentException("no handset " + number + "; subscribed: " + handsets.keySet());
        }
        handset.deleted();
        send(new DectCommand.Delete(number));
        outside.withdraw(handset);
        save();
        log.info("dect: handset {} ({}) deleted", number, handset.subscription().ipui());
        return "handset " + number + " deleted";
    }

    List<String> describeHandsets() {
        List<String> lines = new ArrayList<>();
        for (HandsetProxy handset : handsets.values()) {
            lines.add(handset.describe());
        }
        return lines;
    }

    List<String> describeBase() {
        List<String> lines = new ArrayList<>();
        if (driver == null) {
            lines.add("no base plugged" + (lastInfo == null ? "" : " (last: revision " + lastInfo.revision() + ")"));
        } else {
            lines.add("driver   " + driver.describe());
            if (info == null) {
                lines.add("base     not answering yet");
            } else {
                lines.add("base     revision " + info.revision() + ", firmware " + info.firmware() + ", "
                        + info.maxCalls() + " parallel calls, " + info.maxHandsets() + " handsets, codecs "
                        + info.codecs());
                lines.add("ready    in " + Duration.between(attachedAt, readyAt).toMillis() + " ms");
            }
            lines.add("calls    " + activeCalls() + " of " + maxCalls());
            lines.add("register " + (registrationOpen ? "open" : "closed") + (paging ? ", paging" : ""));
        }
        lines.add("handsets " + handsets.size() + " subscribed, " + reachable() + " reachable");
        if (failures > 0) {
            lines.add("errors   " + failures + ", last: " + lastFailure);
        }
        return lines;
    }

    /** When the base became usable with every subscribed handset that is switched on back; null until then. */
    int reachable() {
        int count = 0;
        for (HandsetProxy handset : handsets.values()) {
            if (handset.present() && attached()) {
                count++;
            }
        }
        return count;
    }

    Map<Integer, HandsetProxy> handsets() {
        return handsets;
    }

    // ---- what the handsets ask ----------------------------------------------------------------

    List<Codec> codecs() {
        BaseInfo known = info != null ? info : lastInfo;
        return known == null ? NARROWBAND : known.codecs();
    }

    int maxCalls() {
        return info == null ? 0 : info.maxCalls();
    }

    int activeCalls() {
        int count = 0;
        for (HandsetProxy handset : handsets.values()) {
            if (handset.busy()) {
                count++;
            }
        }
        return count;
    }

    Routing routing() {
        return outside.routing();
    }

    AudioPaths audio() {
        return outside.audio();
    }

    /** The attached driver's voice channel for a handset; null without a driver or voice. */
    DeviceChannel voice(int handset) {
        return driver == null ? null : driver.voice(handset);
    }

    private void save() {
        List<Subscription> snapshot = new ArrayList<>();
        for (HandsetProxy handset : handsets.values()) {
            snapshot.add(handset.subscription());
        }
        store.save(List.copyOf(snapshot));
    }

    private void cancelRegistrationTimer() {
        if (registrationTimer != null) {
            registrationTimer.cancel();
            registrationTimer = null;
        }
    }
}
