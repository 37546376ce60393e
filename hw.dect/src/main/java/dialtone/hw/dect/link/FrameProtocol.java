package dialtone.hw.dect.link;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;

/** One revision's byte protocol as the host side speaks it. */
@ConsumerType
public interface FrameProtocol {

    /** The most bytes one encoded voice frame may take. */
    int VOICE_ROOM = 512;

    /**
     * The bytes that carry {@code command} to the base, one frame or more.
     *
     * @throws IllegalArgumentException when this revision cannot carry the command, saying why
     */
    byte[] encode(DectCommand command);

    /** A fresh decoder for the bytes from one link. */
    Decoder decoder();

    /** True when this revision carries voice frames over the link. @since 1.3.0 */
    default boolean carriesVoice() {
        return false;
    }

    /**
     * Writes the bytes that carry one 20 ms voice frame for a handset's call into {@code into},
     * which has room for {@link #VOICE_ROOM} bytes, and returns how many; 0 when this revision
     * carries no voice. Called on the writer thread for every frame, so it should not allocate.
     *
     * @since 1.3.0
     */
    default int encodeVoice(int handset, byte[] frame, byte[] into) {
        return 0;
    }

    /**
     * A fresh decoder that hands the voice frames it finds to {@code voice} rather than making
     * events of them: voice never goes to the call core.
     *
     * @since 1.3.0
     */
    default Decoder decoder(Voice voice) {
        return decoder();
    }

    /** Where a decoder puts voice frames; called on the reader thread, which must copy what it keeps. */
    @FunctionalInterface
    interface Voice {
        void frame(int handset, byte[] bytes, int offset, int length);
    }

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
