package dialtone.core.call;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides who rings for a call that arrives on a line. Registered as a service; a line asks it on
 * the call-core thread, so an implementation answers from memory and never blocks.
 */
@ConsumerType
public interface Routing {

    /** The participants to ring at once for this offer on {@code line}; empty when nothing can ring. */
    List<Participant> incoming(Participant line, Offer offer);
}
