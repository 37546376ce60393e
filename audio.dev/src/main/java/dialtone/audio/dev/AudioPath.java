package dialtone.audio.dev;

import java.net.URI;

import org.osgi.annotation.versioning.ProviderType;

import dialtone.core.call.Codec;

/**
 * One voice path: an RTP endpoint on one side, a device channel on the other. The methods only
 * hand values to the voice thread and return at once; they may be called from any thread.
 */
@ProviderType
public interface AudioPath {

    String name();

    /** Where this path receives RTP, such as {@code rtp://127.0.0.1:26000}: the endpoint to offer. */
    URI local();

    /**
     * Starts voice with the far end of a call: RTP of {@code codec} goes to {@code remote} and is
     * taken from it only. The codec passes through untranscoded.
     *
     * @param callId           the call this voice belongs to, named in the path's log lines and stats
     * @param eventPayloadType the RFC 4733 telephone-event payload type agreed, or -1 for none
     */
    void connect(String callId, URI remote, Codec codec, int eventPayloadType);

    /** Plays a locally generated tone to the device instead of the far end's voice; NONE stops it. */
    void tone(Tone tone);

    /**
     * Holds the path: it stops exchanging frames with the device and sending to the far end, so another
     * path of the same device can use the channel. False takes it back.
     */
    void hold(boolean held);

    /**
     * Stops sending to the far end while the path still plays what arrives: the far side holds the
     * call (it may play its music on hold, and asked for nothing to be sent). False sends again.
     */
    void mute(boolean muted);

    /**
     * Moves the path to another device channel, such as the same line's channel of a driver that
     * replaced the one the path was opened with; the voice thread uses it from its next tick.
     */
    void channel(DeviceChannel channel);

    /** Sends a keypad digit (0-9, *, #, A-D) to the far end as RFC 4733 events. */
    void dtmf(char digit);

    /** What this path carried so far. */
    PathStats stats();

    /** Tears the path down; its RTP port is free again once the voice thread let it go. */
    void close();
}
