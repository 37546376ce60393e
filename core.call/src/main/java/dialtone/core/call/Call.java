package dialtone.core.call;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A call: the mediator between the participant that placed it and the ones it was offered to. It
 * turns what one side signals into commands for the others. Read on the call-core thread only.
 */
@ProviderType
public interface Call {

    /** Short id such as {@code c17}; every log line about this call carries it. */
    String id();

    CallState state();

    Offer offer();

    /** The leg of the participant that placed the call. */
    Leg origin();

    /** All legs, the origin first, then the targets in the order they were offered. */
    List<Leg> legs();

    /** The target that answered; null until one did. */
    Leg answered();

    Instant started();

    /** When a target answered; null before. */
    Instant connectedAt();

    /** The inbox this call's signals go through. */
    Inbox inbox();
}
