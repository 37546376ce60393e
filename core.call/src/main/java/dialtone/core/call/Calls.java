package dialtone.core.call;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Places calls and lists the ones in progress. Call-core thread only. */
@ProviderType
public interface Calls {

    /**
     * Places a call from {@code caller} and offers it to every target at once (they ring as a
     * group; the first to answer gets the call). With no target the caller is released with
     * {@link Reason#UNAVAILABLE}.
     */
    Call place(Participant caller, Offer offer, List<? extends Participant> targets);

    /** The calls not yet ended, oldest first. */
    Collection<Call> active();

    Optional<Call> find(String id);
}
