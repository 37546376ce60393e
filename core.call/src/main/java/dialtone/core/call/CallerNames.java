package dialtone.core.call;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Names callers, from the phonebook. Registered as a service; the call core asks it on the
 * call-core thread when a call is placed, so it answers from memory and never blocks.
 */
@ConsumerType
public interface CallerNames {

    /** The name for a number however the network wrote it; empty when unknown. */
    Optional<String> nameFor(String number);
}
