package dialtone.store.phonebook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One call in the history.
 *
 * @param id       assigned by the store, increasing; 0 for a record not yet stored
 * @param kind     missed, received, dialed or rejected
 * @param start    when the call began (the INVITE or the dialling)
 * @param duration how long it was connected; zero for calls never answered
 * @param line     the SIP line (account) it went through
 * @param device   the handset or port that rang, answered or dialled; empty when none did
 * @param remote   the other side's number as the network or the user gave it; empty when anonymous
 * @param name     the other side's name as resolved at the time; empty when unknown
 * @param seen     for missed calls: the user has seen it
 */
public record CallRecord(long id, CallKind kind, Instant start, Duration duration, String line, String device,
        String remote, String name, boolean seen) {

    public CallRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        line = line == null ? "" : line;
        device = device == null ? "" : device;
        remote = remote == null ? "" : remote;
        name = name == null ? "" : name;
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
    }

    /** A record not yet stored; only missed calls start unseen. */
    public static CallRecord of(CallKind kind, Instant start, Duration duration, String line, String device,
            String remote, String name) {
        return new CallRecord(0, kind, start, duration, line, device, remote, name, kind != CallKind.MISSED);
    }

    public CallRecord withId(long newId) {
        return new CallRecord(newId, kind, start, duration, line, device, remote, name, seen);
    }

    public CallRecord withName(String newName) {
        return new CallRecord(id, kind, start, duration, line, device, remote, newName, seen);
    }

    public CallRecord asSeen() {
        return new CallRecord(id, kind, start, duration, line, device, remote, name, true);
    }
}
