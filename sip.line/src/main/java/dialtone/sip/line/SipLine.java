package dialtone.sip.line;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One SIP account as a service: how the shell and other bundles see a line without touching its
 * state, which lives on the call-core thread. Every method is safe from any thread and never blocks.
 */
@ProviderType
public interface SipLine {

    /**
     * Service property of the line's {@code Participant} registration: where its registration
     * stands, the name of a {@link RegistrationState}. It follows the registration as it changes.
     */
    String STATE = "sip.line.state";

    /**
     * Service property of the line's {@code Participant} registration: why the last attempt failed,
     * absent while there is no error.
     */
    String ERROR = "sip.line.error";

    /** The account's name, as in {@code etc/dialtone.sip.line.account-NAME.cfg}. */
    String name();

    /** The line's status, read on the call-core thread. */
    CompletableFuture<LineStatus> status();

    /** The line's calls, one line of text each (call id, direction, SIP state). */
    CompletableFuture<List<String>> calls();

    /** Registers again now, resetting any back-off. */
    void register();
}
