package dialtone.store.phonebook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How the store is doing, for {@code pb:status} and for anything that shows warnings.
 *
 * @param file        the store file
 * @param numbering   how numbers are read: the country, the area code, and whether incoming
 *                    numbers are matched by the country's prefixes or each parsed in full
 * @param persistent  false when no file could be opened and changes live in memory only
 * @param warnings    what went wrong (a file moved aside, a failed commit); empty when all is well
 * @param contacts    contacts in memory
 * @param calls       call records in memory
 * @param pending     changes not yet committed
 * @param commits     commits since the store opened
 * @param lastCommit  when the last commit finished
 */
public record StoreStatus(String file, String numbering, boolean persistent, List<String> warnings, int contacts, int calls,
        long pending, long commits, Optional<Instant> lastCommit) {

    public StoreStatus {
        warnings = List.copyOf(warnings);
    }
}
