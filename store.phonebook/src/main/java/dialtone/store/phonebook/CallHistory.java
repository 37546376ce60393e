package dialtone.store.phonebook;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The call history: a bounded list per {@link CallKind}, the oldest dropped first. Reads come
 * from memory; {@link #record} never blocks, so the call core records calls on its own thread.
 */
@ProviderType
public interface CallHistory {

    /**
     * Stores a call. An empty name is filled from the phonebook as it is now; the oldest record of
     * the same kind is dropped when the kind is at its limit.
     */
    Write<CallRecord> record(CallRecord call);

    /** Calls of one kind, newest first. */
    List<CallRecord> list(CallKind kind);

    /** Calls of every kind, newest first. */
    List<CallRecord> list();

    /** The record with this id. */
    Optional<CallRecord> get(long id);

    /** Missed calls the user has not seen yet. */
    int unseenMissed();

    /** Marks every missed call seen; the value is how many were unseen. */
    Write<Integer> markMissedSeen();

    /** Forgets the calls of one kind; the value is how many there were. */
    Write<Integer> clear(CallKind kind);

    /** Forgets every call; the value is how many there were. */
    Write<Integer> clear();
}
