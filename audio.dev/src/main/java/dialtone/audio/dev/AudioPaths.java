package dialtone.audio.dev;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dialtone.core.call.Codec;

/**
 * Sets voice paths up and tears them down; the frames never pass through it. Every method returns
 * at once without I/O (the RTP sockets are bound ahead), so the call-core thread may use it.
 */
@ProviderType
public interface AudioPaths {

    /**
     * Opens a path for a device's voice channel. It starts silent and unconnected: set a tone, or
     * {@link AudioPath#connect connect} it to the far end.
     *
     * @param name    who uses it, such as {@code fxs/1}, for the shell and the logs
     * @param channel the device side, served every 20 ms by the voice thread
     * @param law     the G.711 law the device speaks until the path is connected
     * @throws IllegalStateException when every RTP port is taken
     */
    AudioPath open(String name, DeviceChannel channel, Codec law);

    /** The paths open now. */
    List<PathStats> paths();

    /** How many paths are open now. */
    int active();
}
