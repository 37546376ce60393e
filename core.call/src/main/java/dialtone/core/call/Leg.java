package dialtone.core.call;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One participant's part in one call. The state is read on the call-core thread; the signal
 * methods only post a {@link Message.Signal} and so may be called from any thread.
 */
@ProviderType
public interface Leg {

    Call call();

    Participant participant();

    /** True for the leg of the participant that placed the call. */
    boolean isOrigin();

    LegState state();

    /** True while this side holds the call. */
    boolean isHeld();

    /**
     * Media this side answered with, or moved to since; null until it answered (the origin's
     * comes with the offer).
     */
    Media media();

    default void alerting() {
        call().inbox().post(new Message.Alerting(this));
    }

    default void answer(Media media) {
        call().inbox().post(new Message.Answer(this, media));
    }

    default void release(Reason reason) {
        call().inbox().post(new Message.Release(this, reason));
    }

    default void digits(String digits) {
        call().inbox().post(new Message.Digits(this, digits));
    }

    default void hold() {
        call().inbox().post(new Message.Hold(this));
    }

    default void resume() {
        call().inbox().post(new Message.Resume(this));
    }

    /**
     * This side's media is now {@code media}: moved during the call (the connected far side is
     * told), or, from a target before the answer, early media (the caller is told).
     */
    default void updateMedia(Media media) {
        call().inbox().post(new Message.MediaUpdate(this, media));
    }
}
