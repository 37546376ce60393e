package dialtone.audio.dev;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device's voice channel as the voice thread sees it: 20 ms G.711 frames each way. The driver
 * implements it with queues its own threads fill and drain. Both methods are called on the voice
 * thread only, every 20 ms: they must not block, allocate, or keep the array.
 */
@ConsumerType
public interface DeviceChannel {

    /** Bytes per 20 ms frame of G.711: 160. */
    int FRAME = 160;

    /** Copies the oldest frame the device sent and not yet read into {@code frame}; false when none waits. */
    boolean read(byte[] frame);

    /** Hands one frame to the device; the channel copies it. */
    void write(byte[] frame);
}
