package dialtone.hw.dect;

import java.util.List;
import java.util.Objects;

import dialtone.core.call.Codec;

/**
 * What a base dongle said about itself.
 *
 * @param revision   the protocol revision
 * @param firmware   the firmware version it reports
 * @param maxCalls   how many calls it carries at once
 * @param maxHandsets how many handsets it can subscribe (internal numbers 1 to this)
 * @param codecs     the voice codecs its radio carries, in order of preference
 */
public record BaseInfo(int revision, String firmware, int maxCalls, int maxHandsets, List<Codec> codecs) {

    public BaseInfo {
        Objects.requireNonNull(firmware, "firmware");
        codecs = List.copyOf(codecs);
        if (maxCalls < 1 || maxHandsets < 1) {
            throw new IllegalArgumentException("a base carries at least one call and one handset");
        }
    }

    /** True when the base carries wideband voice (G.722). */
    public boolean wideband() {
        return codecs.contains(Codec.G722);
    }
}
