package dialtone.emu.dect.internal;

import static dialtone.hw.dect.rev1.frame.Rev1Messages.*;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Codec;
import dialtone.core.call.Reason;
import dialtone.hw.dect.link.FrameScanner;
import dialtone.hw.dect.rev1.frame.Rev1Codec;
import dialtone.hw.dect.rev1.frame.Rev1Frame;

/** An emulated revision-1 dongle: fixed 20-byte frames, narrowband, two calls, six handsets. */
final class Rev1Base extends EmulatedBase {

    private static final Logger log = LoggerFactory.getLogger(Rev1Base.class);

    private FrameScanner<Rev1Frame> scanner = Rev1Codec.scanner();

    Rev1Base(Object lock, Map<Integer, EmulatedHandset> world) {
        super(1, MAX_CALLS, MAX_HANDSETS, CODECS, lock, world);
    }

    @Override
    void resetDecoder() {
        scanner = Rev1Codec.scanner();
    }

    @Override
    void fromHost(byte[] bytes, int offset, int length) {
        scanner.feed(bytes, offset, length, this::handle, error -> {
            errorsSeen++;
            log.warn("emulated dect rev1: bad bytes from the host: {}", error);
            send(new Rev1Frame(ERROR, 0, E_CHECKSUM));
        });
    }

    private void handle(Rev1Frame f) {
        switch (f.msg()) {
            case HELLO -> sendInfo();
            case REG_WINDOW -> registrationWindow(f.arg() != 0);
            case SUB_STORE -> store(f.handset(), f.text(), "Handset " + f.handset());
            case SUB_NAME -> name(f.handset(), f.text());
            case SUB_DELETE -> delete(f.handset());
            case SUB_REJECT -> reject(f.text());
            case SETUP -> setup(f.handset(), f.text(), "", codecs(f.arg()));
            case SETUP_NAME -> callerName(f.handset(), f.text());
            case ALERT -> alert(f.handset(), f.arg() == 0 ? null : codec(f.arg()));
            case CONNECT -> {
                Codec codec = codec(f.arg());
                if (codec == null || !CODECS.contains(codec)) {
                    send(new Rev1Frame(ERROR, f.handset(), E_CODEC));
                } else {
                    connect(f.handset(), codec);
                }
            }
            case RELEASE -> release(f.handset(), reason(f.arg()));
            case DISPLAY -> display(f.handset(), f.text());
            case PAGE -> page(f.arg() != 0);
            case VOICE_OUT -> voice(f.handset(), f.voice());
            default -> send(new Rev1Frame(ERROR, f.handset(), E_UNKNOWN));
        }
    }

    private void send(Rev1Frame frame) {
        toHost(Rev1Codec.encode(frame));
    }

    @Override
    void sendVoice(int number, byte[] frame) {
        byte[] bytes = new byte[Rev1Codec.VOICE_SIZE];
        Rev1Codec.encodeVoice(VOICE_IN, number, frame, 0, bytes);
        toHost(bytes);
    }

    @Override
    void sendInfo() {
        send(new Rev1Frame(INFO, MAX_HANDSETS, MAX_CALLS, "R1-FW1.4"));
    }

    @Override
    void sendSubscriptionRequest(String ipui, List<Codec> codecs) {
        send(new Rev1Frame(SUB_REQUEST, 0, mask(codecs), ipui));
    }

    @Override
    void sendPresence(int number, boolean present) {
        send(new Rev1Frame(PRESENCE, number, present ? 1 : 0));
    }

    @Override
    void sendOffHook(int number) {
        send(new Rev1Frame(OFFHOOK, number));
    }

    @Override
    void sendKeypad(int number, String digits) {
        for (int at = 0; at < digits.length(); at += Rev1Codec.TEXT) {
            send(new Rev1Frame(KEYPAD, number, 0, digits.substring(at, Math.min(digits.length(), at + Rev1Codec.TEXT))));
        }
    }

    @Override
    void sendDial(int number, String digits) {
        send(new Rev1Frame(DIAL, number, 0, Rev1Frame.fit(digits)));
    }

    @Override
    void sendAlerting(int number) {
        send(new Rev1Frame(ALERTING, number));
    }

    @Override
    void sendAnswer(int number, Codec codec) {
        send(new Rev1Frame(ANSWER, number, codecBit(codec)));
    }

    @Override
    void sendReleased(int number, Reason reason) {
        send(new Rev1Frame(RELEASED, number, reasonCode(reason)));
    }

    @Override
    void sendError(int code, String text) {
        send(new Rev1Frame(ERROR, 0, code, Rev1Frame.fit(text)));
    }
}
