package dialtone.core.call;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Anything that takes part in calls: a SIP line, a DECT handset, an FXS port.
 * <p>
 * A participant that others should be able to call is also registered as a {@code Participant}
 * service with the properties named here, so routing finds it. The call core calls these methods
 * on the call-core thread; they must return quickly and never
 * block. A participant answers through its {@link Leg} (which only posts a message), so a callback
 * never re-enters the call that made it.
 */
@ConsumerType
public interface Participant {

    /** Service property of a participant registered as a service: its {@link #name()}. */
    String NAME = "participant.name";

    /** Service property: what it is, {@code line}, {@code handset} or {@code port}. */
    String KIND = "participant.kind";

    /** Service property of a handset or port: its internal number, as dialled after {@code **}. */
    String NUMBER = "participant.number";

    /** A stable, unique name such as {@code line/home} or {@code dect/2}. */
    String name();

    /** What it is: {@code line}, {@code handset} or {@code port}, as in the {@link #KIND} property. */
    default String kind() {
        return "other";
    }

    /**
     * Whether it can take a call now: a line registered with its provider, a handset that is
     * subscribed and in reach. Read on the call-core thread, from the participant's own model.
     */
    default boolean isAvailable() {
        return true;
    }

    /** What this participant can do; read on the call-core thread whenever a call is set up. */
    Capabilities capabilities();

    /** A call is offered to this participant: ring, or send the INVITE. */
    void offer(Leg leg, Offer offer);

    /** The far side is ringing. */
    void alerting(Leg leg);

    /** The far side answered with this media. */
    void connected(Leg leg, Media media);

    /** The call is over for this leg, for this reason. */
    void released(Leg leg, Reason reason);

    /** Keypad digits from the far side. */
    default void digits(Leg leg, String digits) {
    }

    /** The far side put the call on hold. */
    default void held(Leg leg) {
    }

    /** The far side took the call off hold. */
    default void resumed(Leg leg) {
    }

    /**
     * The called side plays tones or announcements before it answers (SIP early media): let the
     * caller hear what it sends, as {@code media} says, instead of a ringback tone of one's own.
     */
    default void earlyMedia(Leg leg, Media media) {
    }

    /**
     * The far side's media moved during the call (its provider re-offered another RTP endpoint or
     * codecs): send to it as {@code media} says from now on.
     */
    default void mediaUpdated(Leg leg, Media media) {
    }
}
