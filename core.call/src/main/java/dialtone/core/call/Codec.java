package dialtone.core.call;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The payload formats Dialtone passes through; it never transcodes between them. */
public enum Codec {
    PCMU("PCMU", 0, 8000),
    PCMA("PCMA", 8, 8000),
    /** Wideband; the RTP clock rate is 8000 by RFC 3551's historical rule, the audio is 16 kHz. */
    G722("G722", 9, 8000),
    /** RFC 4733 DTMF events; its payload type is the usual dynamic one, negotiated per call. */
    TELEPHONE_EVENT("telephone-event", 101, 8000);

    private final String encoding;
    private final int payloadType;
    private final int clockRate;

    Codec(String encoding, int payloadType, int clockRate) {
        this.encoding = encoding;
        this.payloadType = payloadType;
        this.clockRate = clockRate;
    }

    /** The SDP encoding name. */
    public String encoding() {
        return encoding;
    }

    /** The static payload type, or the default dynamic one for telephone-event. */
    public int payloadType() {
        return payloadType;
    }

    public int clockRate() {
        return clockRate;
    }

    /** True for a voice codec, false for telephone-event. */
    public boolean isVoice() {
        return this != TELEPHONE_EVENT;
    }

    /** The codecs of {@code preferred} that {@code supported} also has, in the order of {@code preferred}. */
    public static List<Codec> common(List<Codec> preferred, Collection<Codec> supported) {
        List<Codec> result = new ArrayList<>(preferred.size());
        for (Codec codec : preferred) {
            if (supported.contains(codec) && !result.contains(codec)) {
                result.add(codec);
            }
        }
        return result;
    }
}
