package dialtone.core.call;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a participant can do.
 *
 * @param codecs   the codecs it sends and receives, without transcoding
 * @param maxCalls how many calls it can carry at once
 * @param features what else it supports
 */
public record Capabilities(Set<Codec> codecs, int maxCalls, Set<Feature> features) {

    /** Optional abilities a participant declares. */
    public enum Feature {
        /** Sends and receives keypad digits during a call. */
        DIGITS,
        /** Can put a call on hold and take it back. */
        HOLD,
        /** Shows the caller's name. */
        CALLER_NAME
    }

    public Capabilities {
        codecs = Set.copyOf(Objects.requireNonNull(codecs, "codecs"));
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be at least 1, was " + maxCalls);
        }
    }

    public boolean has(Feature feature) {
        return features.contains(feature);
    }
}
