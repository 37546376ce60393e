package dialtone.hw.fxs;

import org.osgi.annotation.versioning.ProviderType;

import dialtone.audio.dev.DeviceChannel;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;

/**
 * What a vendor driver bundle offers for one plugged FXS adapter, registered as a service while
 * the adapter is there. The commands only queue bytes for the driver's own writer thread, so they
 * return at once and may be called on the call-core thread. Ports are numbered from 0.
 */
@ProviderType
public interface FxsDriver {

    /** Service property: the adapter's id (its USB serial), a String. */
    String ADAPTER = "fxs.adapter";

    /** The adapter's id, unique among plugged adapters. */
    String adapter();

    /** How many analog lines the adapter has. */
    int ports();

    /** What the driver and its hardware are, for the shell (vendor, product, revision, firmware). */
    String description();

    /**
     * Starts reporting the lines' events to {@code listener}, on the driver's threads, until the
     * adapter goes away. The port layer calls it once; the current hook state of every line follows.
     */
    void listen(FxsListener listener);

    /** Switches the ringing voltage of a line on or off; the cadence is the caller's. */
    void ring(int port, boolean on);

    /** Sends caller id (number and name) to a line's phone, before the first ring. */
    void callerId(int port, CallerId callerId);

    /** Starts the line's voice channel in the given G.711 law (PCMU or PCMA); null stops it. */
    void voice(int port, Codec law);

    /** The line's voice channel, for the voice thread; it carries frames only while voice is started. */
    DeviceChannel channel(int port);
}
