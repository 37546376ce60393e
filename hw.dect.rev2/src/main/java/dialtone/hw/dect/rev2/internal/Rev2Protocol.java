package dialtone.hw.dect.rev2.internal;

import static dialtone.hw.dect.rev2.frame.Rev2Messages.*;

import java.util.List;
import java.util.function.Consumer;

import dialtone.core.call.Codec;
import dialtone.hw.dect.BaseInfo;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.dect.link.FrameProtocol;
import dialtone.hw.dect.link.FrameScanner;
import dialtone.hw.dect.rev2.frame.Rev2Codec;
import dialtone.hw.dect.rev2.frame.Rev2Frame;
import dialtone.hw.dect.rev2.frame.Rev2Messages;

/** The host side of revision 2: commands to frames and frames to events. */
public final class Rev2Protocol implements FrameProtocol {

    @Override
    public byte[] encode(DectCommand command) {
        return Rev2Codec.encode(frame(command));
    }

    static Rev2Frame frame(DectCommand command) {
        if (command instanceof DectCommand.Hello) {
            return Rev2Frame.of(HELLO, 0);
        } else if (command instanceof DectCommand.RegistrationWindow c) {
            return Rev2Frame.of(REG_WINDOW, 0).with(T_FLAG, c.open() ? 1 : 0);
        } else if (command instanceof DectCommand.Subscribe c) {
            var s = c.subscription();
            return Rev2Frame.of(SUB_STORE, handset(s.handset())).with(T_IPUI, s.ipui()).with(T_NAME, s.name())
                    .with(T_CODECS, payloadTypes(s.codecs()));
        } else if (command instanceof DectCommand.Refuse c) {
            return Rev2Frame.of(SUB_REJECT, 0).with(T_IPUI, c.ipui());
        } else if (command instanceof DectCommand.Delete c) {
            return Rev2Frame.of(SUB_DELETE, handset(c.handset()));
        } else if (command instanceof DectCommand.Setup c) {
            List<Codec> carried = Codec.common(c.codecs(), CODECS);
            if (carried.isEmpty()) {
                throw new IllegalArgumentException("revision 2 carries G.722 and G.711, offered " + c.codecs());
            }
            Rev2Frame frame = Rev2Frame.of(SETUP, handset(c.handset())).with(T_NUMBER, c.caller().number());
            if (!c.caller().name().isEmpty()) {
                frame = frame.with(T_NAME, c.caller().name());
            }
            return frame.with(T_CODECS, payloadTypes(carried));
        } else if (command instanceof DectCommand.Alerting c) {
            if (c.inband() == null) {
                return Rev2Frame.of(ALERT, handset(c.handset()));
            }
            if (!CODECS.contains(c.inband())) {
                throw new IllegalArgumentException("revision 2 does not carry " + c.inband());
            }
            return Rev2Frame.of(ALERT, handset(c.handset())).with(T_CODEC, c.inband().payloadType());
        } else if (command instanceof DectCommand.Connect c) {
            if (!CODECS.contains(c.codec())) {
                throw new IllegalArgumentException("revision 2 does not carry " + c.codec());
            }
            return Rev2Frame.of(CONNECT, handset(c.handset())).with(T_CODEC, c.codec().payloadType());
        } else if (command instanceof DectCommand.Release c) {
            return Rev2Frame.of(RELEASE, handset(c.handset())).with(T_REASON, reasonCode(c.reason()));
        } else if (command instanceof DectCommand.Display c) {
            return Rev2Frame.of(DISPLAY, handset(c.handset())).with(T_TEXT, c.text());
        } else if (command instanceof DectCommand.Page c) {
            return Rev2Frame.of(PAGE, 0).with(T_FLAG, c.on() ? 1 : 0);
        }
        throw new IllegalArgumentException("revision 2 has no frame for " + command);
    }

    static DectEvent event(Rev2Frame f) {
        int hs = f.handset();
        return switch (f.msg()) {
            case INFO -> new DectEvent.BaseReady(new BaseInfo(2, f.text(T_FIRMWARE), f.number(T_MAX_CALLS, MAX_CALLS),
                    f.number(T_MAX_HANDSETS, MAX_HANDSETS), codecsOr(f.bytes(T_CODECS), CODECS)));
            case SUB_REQUEST -> new DectEvent.SubscriptionRequest(f.text(T_IPUI), codecsOr(f.bytes(T_CODECS),
                    List.of(Codec.PCMA, Codec.PCMU)));
            case PRESENCE -> new DectEvent.Presence(hs, f.number(T_FLAG, 0) != 0);
            case OFFHOOK -> new DectEvent.OffHook(hs);
            case KEYPAD -> new DectEvent.Keypad(hs, f.text(T_DIGITS));
            case DIAL -> new DectEvent.Dial(hs, f.text(T_NUMBER));
            case ALERTING -> new DectEvent.Alerting(hs);
            case ANSWER -> {
                Codec codec = codec(f.number(T_CODEC, -1));
                yield codec == null
                        ? new DectEvent.Failure("handset " + hs + " answered without a codec revision 2 carries")
                        : new DectEvent.Answer(hs, codec);
            }
            case RELEASED -> new DectEvent.Release(hs, reason(f.number(T_REASON, 0)));
            case ERROR -> new DectEvent.Failure("base error " + f.number(T_ERROR, 0)
                    + (f.text(T_TEXT).isEmpty() ? "" : ": " + f.text(T_TEXT)));
            default -> new DectEvent.Failure("unexpected " + Rev2Messages.name(f.msg()) + " from the base");
        };
    }

    private static List<Codec> codecsOr(byte[] types, List<Codec> fallback) {
        List<Codec> codecs = codecs(types);
        return codecs.isEmpty() ? fallback : codecs;
    }

    private static int handset(int number) {
        if (number < 1 || number > MAX_HANDSETS) {
            throw new IllegalArgumentException("revision 2 has handsets 1 to " + MAX_HANDSETS + ", not " + number);
        }
        return number;
    }

    @Override
    public boolean carriesVoice() {
        return true;
    }

    @Override
    public int encodeVoice(int handset, byte[] frame, byte[] into) {
        return Rev2Codec.encodeVoice(VOICE_OUT, handset(handset), frame, 0, frame.length, into);
    }

    @Override
    public Decoder decoder() {
        return decoder((handset, bytes, offset, length) -> {
        });
    }

    @Override
    public Decoder decoder(Voice voice) {
        FrameScanner<Rev2Frame> scanner = Rev2Codec.scanner();
        return new Decoder() {
            @Override
            public void feed(byte[] bytes, int offset, int length, Consumer<DectEvent> events, Consumer<String> errors) {
                scanner.feed(bytes, offset, length, frame -> deliver(frame, events, errors, voice), errors);
            }

            @Override
            public void idle(Consumer<DectEvent> events, Consumer<String> errors) {
                scanner.idle(frame -> deliver(frame, events, errors, voice), errors);
            }
        };
    }

    private static void deliver(Rev2Frame frame, Consumer<DectEvent> events, Consumer<String> errors, Voice voice) {
        if (frame.msg() != VOICE_IN) {
            events.accept(event(frame));
            return;
        }
        byte[] pcm = frame.bytes(T_PCM);
        if (pcm == null || pcm.length == 0) {
            errors.accept("VOICE from handset " + frame.handset() + " without voice");
        } else {
            voice.frame(frame.handset(), pcm, 0, pcm.length);
        }
    }
}
