package dialtone.sip.line.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Vector;

import javax.sdp.Attribute;
import javax.sdp.Connection;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SdpParseException;
import javax.sdp.SessionDescription;

import dialtone.core.call.Codec;
import dialtone.core.call.Media;

/**
 * SDP offers and answers for one audio stream, through JAIN-SIP's javax.sdp. Only the codecs
 * Dialtone passes through are offered or accepted; nothing is ever transcoded.
 */
final class Sdp {

    /** Which way the stream flows, as one side describes it (RFC 3264, 5.1). */
    enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        boolean sends() {
            return this == SENDRECV || this == SENDONLY;
        }

        boolean receives() {
            return this == SENDRECV || this == RECVONLY;
        }

        /**
         * The answer to an offer in this direction from a side that itself would go {@code ours}:
         * it sends only what the offerer receives, and receives only what the offerer sends.
         */
        Direction answer(Direction ours) {
            return of(receives() && ours.sends(), sends() && ours.receives());
        }

        static Direction of(boolean sends, boolean receives) {
            return sends ? (receives ? SENDRECV : SENDONLY) : (receives ? RECVONLY : INACTIVE);
        }

        String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A parsed remote description: the audio codecs we know, where to send, telephone-event's
     * payload type, and which way the far side wants the stream to flow.
     */
    record Remote(Media media, int eventPayloadType, Direction direction) {

        /** The far side sends nothing it wants answered: a hold. */
        boolean holds() {
            return !direction.receives();
        }
    }

    private static final SdpFactory factory = SdpFactory.getInstance();

    private Sdp() {
    }

    /**
     * Reads the first audio stream of a message body (UTF-8). The media has no voice codec when nothing
     * offered is one Dialtone carries (the caller then answers 488).
     *
     * @throws SdpParseException when the body is not SDP or has no usable audio stream
     */
    static Remote parse(byte[] body) throws SdpException {
        return parse(new String(body == null ? new byte[0] : body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** As {@link #parse(byte[])}, from text. */
    static Remote parse(String text) throws SdpException {
        SessionDescription session = factory.createSessionDescription(text);
        Connection sessionConnection = session.getConnection();
        @SuppressWarnings("unchecked")
        Vector<MediaDescription> descriptions = session.getMediaDescriptions(false);
        if (descriptions != null) {
            for (MediaDescription description : descriptions) {
                javax.sdp.Media media = description.getMedia();
                if (!"audio".equalsIgnoreCase(media.getMediaType()) || media.getMediaPort() == 0) {
                    continue;
                }
                Map<Integer, String> rtpmap = new HashMap<>();
                @SuppressWarnings("unchecked")
                Vector<Attribute> attributes = description.getAttributes(false);
                if (attributes != null) {
                    for (Attribute attribute : attributes) {
                        if ("rtpmap".equalsIgnoreCase(attribute.getName()) && attribute.getValue() != null) {
                            String[] parts = attribute.getValue().trim().split("\\s+", 2);
                            if (parts.length == 2) {
                                try {
                                    rtpmap.put(Integer.parseInt(parts[0]), parts[1]);
                                } catch (NumberFormatException e) {
                                    // an rtpmap we cannot read names no codec we could use
                                }
                            }
                        }
                    }
                }
                List<Codec> codecs = new ArrayList<>();
                int eventType = Codec.TELEPHONE_EVENT.payloadType();
                @SuppressWarnings("unchecked")
                Vector<Object> formats = media.getMediaFormats(false);
                if (formats != null) {
                    for (Object format : formats) {
                        int type;
                        try {
                            type = Integer.parseInt(format.toString().trim());
                        } catch (NumberFormatException e) {
                            continue;
                        }
                        Codec codec = codec(type, rtpmap.get(type));
                        if (codec != null && !codecs.contains(codec)) {
                            codecs.add(codec);
                            if (codec == Codec.TELEPHONE_EVENT) {
                                eventType = type;
                            }
                        }
                    }
                }
                Connection connection = description.getConnection() != null ? description.getConnection()
                        : sessionConnection;
                URI endpoint = connection == null ? null
                        : URI.create("rtp://" + host(connection.getAddress()) + ":" + media.getMediaPort());
                Direction direction = direction(attributes);
                if (direction == null) {
                    @SuppressWarnings("unchecked")
                    Vector<Attribute> sessionAttributes = session.getAttributes(false);
                    direction = direction(sessionAttributes);
                }
                if (direction == null) {
                    direction = Direction.SENDRECV;
                }
                if (connection != null && "0.0.0.0".equals(connection.getAddress()) && direction.receives()) {
                    // The old way to hold (RFC 2543): "send me nothing".
                    direction = direction.sends() ? Direction.SENDONLY : Direction.INACTIVE;
                }
                return new Remote(new Media(codecs, endpoint), eventType, direction);
            }
        }
        throw new SdpParseException(0, 0, "no audio stream");
    }

    /** The direction attribute among {@code attributes}, or null when there is none. */
    private static Direction direction(Vector<Attribute> attributes) throws SdpParseException {
        if (attributes != null) {
            for (Attribute attribute : attributes) {
                for (Direction direction : Direction.values()) {
                    if (direction.attribute().equalsIgnoreCase(attribute.getName())) {
                        return direction;
                    }
                }
            }
        }
        return null;
    }

    /**
     * An offer or answer for {@code codecs}, receiving at {@code address}:{@code port}, in
     * {@code direction}; {@code version} goes up by one whenever the description changes.
     */
    static String describe(List<Codec> codecs, String address, int port, long sessionId, long version,
            int eventPayloadType, Direction direction) throws SdpException {
        SessionDescription session = factory.createSessionDescription();
        String addressType = address.indexOf(':') >= 0 ? "IP6" : "IP4";
        session.setOrigin(factory.createOrigin("dialtone", sessionId, version, "IN", addressType, address));
        session.setSessionName(factory.createSessionName("dialtone"));
        session.setConnection(factory.createConnection("IN", addressType, address));
        Vector<Object> times = new Vector<>();
        times.add(factory.createTimeDescription());
        session.setTimeDescriptions(times);
        int[] types = new int[codecs.size()];
        Vector<Attribute> attributes = new Vector<>();
        for (int i = 0; i < codecs.size(); i++) {
            Codec codec = codecs.get(i);
            int type = codec == Codec.TELEPHONE_EVENT ? eventPayloadType : codec.payloadType();
            types[i] = type;
            attributes.add(factory.createAttribute("rtpmap", type + " " + codec.encoding() + "/" + codec.clockRate()));
            if (codec == Codec.TELEPHONE_EVENT) {
                attributes.add(factory.createAttribute("fmtp", type + " 0-16"));
            }
        }
        attributes.add(factory.createAttribute("ptime", "20"));
        attributes.add(factory.createAttribute(direction.attribute(), null));
        MediaDescription audio = factory.createMediaDescription("audio", port, 1, "RTP/AVP", types);
        audio.setAttributes(attributes);
        Vector<Object> media = new Vector<>();
        media.add(audio);
        session.setMediaDescriptions(media);
        return session.toString();
    }

    private static Codec codec(int type, String rtpmap) {
        if (rtpmap != null) {
            String encoding = rtpmap.split("/", 2)[0].trim().toLowerCase(Locale.ROOT);
            for (Codec codec : Codec.values()) {
                if (codec.encoding().toLowerCase(Locale.ROOT).equals(encoding)) {
                    return codec;
                }
            }
            return null;
        }
        for (Codec codec : Codec.values()) {
            if (codec != Codec.TELEPHONE_EVENT && codec.payloadType() == type) {
                return codec;
            }
        }
        return null;
    }

    private static String host(String address) {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
