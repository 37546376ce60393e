package dialtone.hw.dect;

import java.util.List;
import java.util.Objects;

import dialtone.core.call.Codec;

/**
 * A handset subscribed to the base: its internal number, its IPUI (the identity it registered
 * with, as hex digits), the name it shows, and the voice codecs it supports in order of preference.
 */
public record Subscription(int handset, String ipui, String name, List<Codec> codecs) {

    public Subscription {
        Objects.requireNonNull(ipui, "ipui");
        Objects.requireNonNull(name, "name");
        codecs = List.copyOf(codecs);
        if (handset < 1) {
            throw new IllegalArgumentException("internal numbers start at 1, was " + handset);
        }
        if (!ipui.matches("[0-9A-F]{10}")) {
            throw new IllegalArgumentException("an IPUI is 10 hex digits, was " + ipui);
        }
    }

    public Subscription withName(String newName) {
        return new Subscription(handset, ipui, newName, codecs);
    }
}
