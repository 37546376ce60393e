package dialtone.core.call;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides where calls go: who rings for a call that arrives on a line, and where a number dialled
 * on a handset or port leads. Registered as a service; it is asked on the call-core thread, so an
 * implementation answers from memory and never blocks.
 */
@ConsumerType
public interface Routing {

    /** The participants to ring at once for this offer on {@code line}; empty when nothing can ring. */
    List<Participant> incoming(Participant line, Offer offer);

    /** The participants to offer a call to that {@code caller} dialled; empty when the number leads nowhere. */
    List<Participant> outgoing(Participant caller, String dialled);

    /**
     * True when {@code dialled} (the digits so far) leads nowhere else with more digits, so a
     * handset or port dials it at once instead of waiting for {@code #} or the timeout.
     */
    default boolean isComplete(Participant caller, String dialled) {
        return false;
    }

    /** How long a handset or port waits for the next digit before it dials what it has. */
    default Duration interDigitTimeout() {
        return Duration.ofSeconds(4);
    }
}
