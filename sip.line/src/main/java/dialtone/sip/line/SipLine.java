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

    /** The account's name, as in {@code etc/dialtone.sip.line.account-NAME.cfg}. */
    String name();

    /** The line's status, read on the call-core thread. */
    CompletableFuture<LineStatus> status();

    /** The line's calls, one line of text each (call id, direction, SIP state). */
    CompletableFuture<List<String>> calls();

    /** Registers again now, resetting any back-off. */
    void register();
}
