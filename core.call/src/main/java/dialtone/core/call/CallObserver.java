package dialtone.core.call;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears every call's steps, for the call history, event feeds and statistics. Registered as a
 * service; called on the call-core thread right after the step, so an implementation only records
 * or hands the event on, and never blocks. One that throws is logged and the call goes on.
 */
@ConsumerType
public interface CallObserver {

    /** The call was placed and offered to its targets. */
    default void placed(Call call) {
    }

    /** A target rings (once per target). */
    default void alerting(Call call, Leg leg) {
    }

    /** A target answered; {@link Call#answered()} is that leg. */
    default void connected(Call call) {
    }

    /** The call ended for this reason; every leg is released. */
    default void ended(Call call, Reason reason) {
    }
}
