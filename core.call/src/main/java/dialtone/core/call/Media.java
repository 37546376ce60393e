package dialtone.core.call;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What one side sends and accepts: its codecs in order of preference, and where its voice is
 * received, such as {@code rtp://192.0.2.1:40000} or a device channel such as {@code dect://base/2}.
 * The endpoint is null for a participant whose voice path is not set up yet.
 */
public record Media(List<Codec> codecs, URI endpoint) {

    public Media {
        codecs = List.copyOf(Objects.requireNonNull(codecs, "codecs"));
    }

    public static Media of(List<Codec> codecs) {
        return new Media(codecs, null);
    }

    /** True when at least one voice codec is offered. */
    public boolean hasVoice() {
        return codecs.stream().anyMatch(Codec::isVoice);
    }
}
