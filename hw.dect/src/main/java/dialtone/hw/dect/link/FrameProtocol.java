package dialtone.hw.dect.link;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;

/** One revision's byte protocol as the host side speaks it. */
@ConsumerType
public interface FrameProtocol {

    /**
     * The bytes that carry {@code command} to the base, one frame or more.
     *
     * @throws IllegalArgumentException when this revision cannot carry the command, saying why
     */
    byte[] encode(DectCommand command);

    /** A fresh decoder for the bytes from one link. */
    Decoder decoder();

    /** Turns the byte stream from the base into events. Stateful: it keeps a partial frame between calls. */
    interface Decoder {

        /**
         * Consumes bytes. Each complete good frame becomes an event; each bad stretch (a bad
         * checksum, an oversized or unknown frame, noise) is reported once to {@code errors}, and
         * decoding resumes at the next frame start. Never throws.
         */
        void feed(byte[] bytes, int offset, int length, Consumer<DectEvent> events, Consumer<String> errors);

        /** The link was quiet for a while: a frame begun and not finished is reported as truncated. */
        void idle(Consumer<DectEvent> events, Consumer<String> errors);
    }
}
