package dialtone.store.phonebook;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A change to the store: its result, already visible to reads, and the acknowledgement that
 * completes (on the store's writer thread) once the change is committed to disk, or fails when it
 * could not be. Callers on the call-core thread must not wait on it; they attach an action that
 * posts a message instead.
 *
 * @param value        what the change produced
 * @param acknowledged completes with {@code value} after the commit that holds the change
 */
public record Write<T>(T value, CompletionStage<T> acknowledged) {

    public Write {
        Objects.requireNonNull(acknowledged, "acknowledged");
    }
}
