package dialtone.itest;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;

/**
 * A participant driven by a test: it records every command the call core gives it, in order, and
 * the test answers through the leg it was given (the leg's signals only post, so any thread may).
 */
public class TestParticipant implements Participant {

    /** One command received from the call core. */
    public record Event(String kind, Leg leg, Object detail) {
    }

    private final String name;
    private final String kind;
    private final List<Codec> codecs;
    private final Capabilities capabilities;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile Leg lastLeg;

    public TestParticipant(String name) {
        this(name, List.of(Codec.G722, Codec.PCMA, Codec.PCMU, Codec.TELEPHONE_EVENT));
    }

    public TestParticipant(String name, List<Codec> codecs) {
        this(name, "test", codecs);
    }

    /** A participant of the given kind ({@code line}, {@code handset}, {@code port}). */
    public TestParticipant(String name, String kind, List<Codec> codecs) {
        this.name = name;
        this.kind = kind;
        this.codecs = List.copyOf(codecs);
        this.capabilities = new Capabilities(EnumSet.copyOf(codecs), 4,
                EnumSet.of(Capabilities.Feature.DIGITS, Capabilities.Feature.HOLD));
    }

    /** Waits for the next command and checks it is of the expected kind. */
    public Event next(String kind) throws InterruptedException {
        return next(kind, 5);
    }

    /** Waits at most {@code seconds} for the next command and checks it is of the expected kind. */
    public Event next(String kind, int seconds) throws InterruptedException {
        Event event = events.poll(seconds, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError(name + ": no '" + kind + "' within " + seconds + " s");
        }
        if (!event.kind().equals(kind)) {
            throw new AssertionError(name + ": expected '" + kind + "' but got " + event);
        }
        return event;
    }

    /** The commands received so far and not yet taken by {@link #next}. */
    public List<Event> pending() {
        return List.copyOf(events);
    }

    /** The leg of the last call offered to or placed by this participant. */
    public Leg leg() {
        return lastLeg;
    }

    public void useLeg(Leg leg) {
        lastLeg = leg;
    }

    /** Its codecs in its order of preference. */
    public Media media() {
        return Media.of(codecs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public void offer(Leg leg, Offer offer) {
        lastLeg = leg;
        events.add(new Event("offer", leg, offer));
    }

    @Override
    public void alerting(Leg leg) {
        events.add(new Event("alerting", leg, null));
    }

    @Override
    public void connected(Leg leg, Media media) {
        events.add(new Event("connected", leg, media));
    }

    @Override
    public void released(Leg leg, Reason reason) {
        events.add(new Event("released", leg, reason));
    }

    @Override
    public void digits(Leg leg, String digits) {
        events.add(new Event("digits", leg, digits));
    }

    @Override
    public void held(Leg leg) {
        events.add(new Event("held", leg, null));
    }

    @Override
    public void resumed(Leg leg) {
        events.add(new Event("resumed", leg, null));
    }

    @Override
    public void mediaUpdated(Leg leg, Media media) {
        events.add(new Event("media", leg, media));
    }

    @Override
    public String toString() {
        return name;
    }
}
