package dialtone.emu.dect.internal;

import static dialtone.hw.dect.rev2.frame.Rev2Messages.*;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Codec;
import dialtone.core.call.Reason;
import dialtone.hw.dect.link.FrameScanner;
import dialtone.hw.dect.rev2.frame.Rev2Codec;
import dialtone.hw.dect.rev2.frame.Rev2Frame;

/** An emulated revision-2 dongle: length-prefixed frames with CRC-32, wideband, four calls, eight handsets. */
final class Rev2Base extends EmulatedBase {

    private static final Logger log = LoggerFactory.getLogger(Rev2Base.class);

    private FrameScanner<Rev2Frame> scanner = Rev2Codec.scanner();

    Rev2Base(Object lock, Map<Integer, EmulatedHandset> world) {
        super(2, MAX_CALLS, MAX_HANDSETS, CODECS, lock, world);
    }

    @Override
    void resetDecoder() {
        scanner = Rev2Codec.scanner();
    }

    @Override
    void fromHost(byte[] bytes, int offset, int length) {
        scanner.feed(bytes, offset, length, this::handle, error -> {
            errorsSeen++;
            log.warn("emulated dect rev2: bad bytes from the host: {}", error);
            sendError(E_CRC, error);
        });
    }

    private void handle(Rev2Frame f) {
        int hs = f.handset();
        switch (f.msg()) {
            case HELLO -> sendInfo();
            case REG_WINDOW -> registrationWindow(f.number(T_FLAG, 0) != 0);
            case SUB_STORE -> store(hs, f.text(T_IPUI), f.text(T_NAME));
            case SUB_DELETE -> delete(hs);
            case SUB_REJECT -> reject(f.text(T_IPUI));
            case SETUP -> setup(hs, f.text(T_NUMBER), f.text(T_NAME), codecs(f.bytes(T_CODECS)));
            case ALERT -> alert(hs, codec(f.number(T_CODEC, -1)));
            case CONNECT -> {
                Codec codec = codec(f.number(T_CODEC, -1));
                if (codec == null) {
                    sendError(E_CODEC, "no codec");
                } else {
                    connect(hs, codec);
                }
            }
            case RELEASE -> release(hs, reason(f.number(T_REASON, 0)));
            case DISPLAY -> display(hs, f.text(T_TEXT));
            case PAGE -> page(f.number(T_FLAG, 0) != 0);
            case VOICE_OUT -> voice(hs, f.bytes(T_PCM));
            default -> sendError(E_UNKNOWN, "unexpected " + dialtone.hw.dect.rev2.frame.Rev2Messages.name(f.msg()));
        }
    }

    private void send(Rev2Frame frame) {
        toHost(Rev2Codec.encode(frame));
    }

    @Override
    void sendVoice(int number, byte[] frame) {
        byte[] bytes = new byte[Rev2Codec.VOICE_SIZE];
        Rev2Codec.encodeVoice(VOICE_IN, number, frame, 0, frame.length, bytes);
        toHost(bytes);
    }

    @Override
    void sendInfo() {
        send(Rev2Frame.of(INFO, 0).with(T_FIRMWARE, "R2-FW3.2").with(T_MAX_CALLS, MAX_CALLS)
                .with(T_MAX_HANDSETS, MAX_HANDSETS).with(T_CODECS, payloadTypes(CODECS)));
    }

    @Override
    void sendSubscriptionRequest(String ipui, List<Codec> codecs) {
        send(Rev2Frame.of(SUB_REQUEST, 0).with(T_IPUI, ipui).with(T_CODECS, payloadTypes(codecs)));
    }

    @Override
    void sendPresence(int number, boolean present) {
        send(Rev2Frame.of(PRESENCE, number).with(T_FLAG, present ? 1 : 0));
    }

    @Override
    void sendOffHook(int number) {
        send(Rev2Frame.of(OFFHOOK, number));
    }

    @Override
    void sendKeypad(int number, String digits) {
        send(Rev2Frame.of(KEYPAD, number).with(T_DIGITS, digits));
    }

    @Override
    void sendDial(int number, String digits) {
        send(Rev2Frame.of(DIAL, number).with(T_NUMBER, digits));
    }

    @Override
    void sendAlerting(int number) {
        send(Rev2Frame.of(ALERTING, number));
    }

    @Override
    void sendAnswer(int number, Codec codec) {
        send(Rev2Frame.of(ANSWER, number).with(T_CODEC, codec.payloadType()));
    }

    @Override
    void sendReleased(int number, Reason reason) {
        send(Rev2Frame.of(RELEASED, number).with(T_REASON, reasonCode(reason)));
    }

    @Override
    void sendError(int code, String text) {
        send(Rev2Frame.of(ERROR, 0).with(T_ERROR, code).with(T_TEXT, text.length() > 200 ? text.substring(0, 200) : text));
    }
}
