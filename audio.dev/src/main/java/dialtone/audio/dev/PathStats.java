package dialtone.audio.dev;

import java.net.URI;

/**
 * What one path carried, as last seen by the voice thread.
 *
 * @param name        who uses the path
 * @param call        the call it carries voice for; empty before it was connected
 * @param codec       the codec passing through (the device's law until connected)
 * @param local       where it receives RTP
 * @param remote      where it sends RTP; null until connected
 * @param tone        the local tone playing, NONE for voice
 * @param held        true while held
 * @param packetsIn   RTP packets received
 * @param packetsOut  RTP packets sent
 * @param lost        frames that never came by their playout time
 * @param late        packets that came after their playout time (dropped)
 * @param duplicates  packets received twice (dropped)
 * @param jitterMillis interarrival jitter (RFC 3550) in milliseconds
 * @param depth       frames waiting in the jitter buffer
 * @param target      the jitter buffer's current target depth in frames
 * @param eventsIn    RFC 4733 events received
 * @param eventsOut   RFC 4733 events sent
 */
public record PathStats(String name, String call, String codec, URI local, URI remote, Tone tone, boolean held, long packetsIn,
        long packetsOut, long lost, long late, long duplicates, double jitterMillis, int depth, int target,
        long eventsIn, long eventsOut) {
}
