package dialtone.sip.line;

import java.time.Instant;
import java.util.Objects;

/**
 * What a line's model says about its account at one moment: for the shell and for tests.
 *
 * @param name      the account's name, also the line's participant name without {@code line/}
 * @param aor       the address of record, {@code sip:user@domain}
 * @param state     where the registration stands
 * @param lastError the last registration or configuration error, empty when none
 * @param expires   when the current registration runs out; null when not registered
 * @param calls     calls the line takes part in now
 */
public record LineStatus(String name, String aor, RegistrationState state, String lastError, Instant expires,
        int calls) {

    public LineStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(state, "state");
        lastError = lastError == null ? "" : lastError;
    }
}
