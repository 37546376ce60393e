package dialtone.hw.dect.rev1.internal;

import static dialtone.hw.dect.rev1.frame.Rev1Messages.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dialtone.core.call.Codec;
import dialtone.hw.dect.BaseInfo;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.dect.link.FrameProtocol;
import dialtone.hw.dect.link.FrameScanner;
import dialtone.hw.dect.rev1.frame.Rev1Codec;
import dialtone.hw.dect.rev1.frame.Rev1Frame;
import dialtone.hw.dect.rev1.frame.Rev1Messages;

/** The host side of revision 1: commands to frames and frames to events. */
public final class Rev1Protocol implements FrameProtocol {

    @Override
    public byte[] encode(DectCommand command) {
        return Rev1Codec.encode(frames(command).toArray(Rev1Frame[]::new));
    }

    /** The frames that carry a command; revision 1 needs two for a subscription or a named caller. */
    static List<Rev1Frame> frames(DectCommand command) {
        List<Rev1Frame> frames = new ArrayList<>(2);
        if (command instanceof DectCommand.Hello) {
            frames.add(new Rev1Frame(HELLO, 0));
        } else if (command instanceof DectCommand.RegistrationWindow c) {
            frames.add(new Rev1Frame(REG_WINDOW, 0, c.open() ? 1 : 0));
        } else if (command instanceof DectCommand.Subscribe c) {
            var s = c.subscription();
            frames.add(new Rev1Frame(SUB_STORE, handset(s.handset()), mask(s.codecs()), s.ipui()));
            frames.add(new Rev1Frame(SUB_NAME, s.handset(), 0, Rev1Frame.fit(s.name())));
        } else if (command instanceof DectCommand.Refuse c) {
            frames.add(new Rev1Frame(SUB_REJECT, 0, 0, c.ipui()));
        } else if (command instanceof DectCommand.Delete c) {
            frames.add(new Rev1Frame(SUB_DELETE, handset(c.handset())));
        } else if (command instanceof DectCommand.Setup c) {
            List<Codec> carried = Codec.common(c.codecs(), CODECS);
            if (carried.isEmpty()) {
                throw new IllegalArgumentException("revision 1 carries only G.711, offered " + c.codecs());
            }
            String number = c.caller().number();
            if (number.length() > Rev1Codec.TEXT) {
                throw new IllegalArgumentException("caller number of " + number.length() + " digits exceeds "
                        + Rev1Codec.TEXT);
            }
            frames.add(new Rev1Frame(SETUP, handset(c.handset()), mask(carried), number));
            if (!c.caller().name().isEmpty()) {
                frames.add(new Rev1Frame(SETUP_NAME, c.handset(), 0, Rev1Frame.fit(c.caller().name())));
            }
        } else if (command instanceof DectCommand.Alerting c) {
            if (c.inband() != null && !CODECS.contains(c.inband())) {
                throw new IllegalArgumentException("revision 1 carries only G.711, not " + c.inband());
            }
            frames.add(new Rev1Frame(ALERT, handset(c.handset()), c.inband() == null ? 0 : codecBit(c.inband())));
        } else if (command instanceof DectCommand.Connect c) {
            if (!CODECS.contains(c.codec())) {
                throw new IllegalArgumentException("revision 1 carries only G.711, not " + c.codec());
            }
            frames.add(new Rev1Frame(CONNECT, handset(c.handset()), codecBit(c.codec())));
        } else if (command instanceof DectCommand.Release c) {
            frames.add(new Rev1Frame(RELEASE, handset(c.handset()), reasonCode(c.reason())));
        } else if (command instanceof DectCommand.Display c) {
            frames.add(new Rev1Frame(DISPLAY, handset(c.handset()), 0, Rev1Frame.fit(c.text())));
        } else if (command instanceof DectCommand.Page c) {
            frames.add(new Rev1Frame(PAGE, 0, c.on() ? 1 : 0));
        }
        return frames;
    }

    /** The event a frame from the base stands for. */
    static DectEvent event(Rev1Frame f) {
        return switch (f.msg()) {
            case INFO -> new DectEvent.BaseReady(
                    new BaseInfo(1, f.text(), f.arg(), f.handset() == 0 ? MAX_HANDSETS : f.handset(), CODECS));
            case SUB_REQUEST -> new DectEvent.SubscriptionRequest(f.text(), codecs(f.arg()));
            case PRESENCE -> new DectEvent.Presence(f.handset(), f.arg() != 0);
            case OFFHOOK -> new DectEvent.OffHook(f.handset());
            case KEYPAD -> new DectEvent.Keypad(f.handset(), f.text());
            case DIAL -> new DectEvent.Dial(f.handset(), f.text());
            case ALERTING -> new DectEvent.Alerting(f.handset());
            case ANSWER -> {
                Codec codec = codec(f.arg());
                if (codec == null || !CODECS.contains(codec)) {
                    yield new DectEvent.Failure("handset " + f.handset() + " answered with codec bits " + f.arg()
                            + ", which revision 1 does not carry");
                }
                yield new DectEvent.Answer(f.handset(), codec);
            }
            case RELEASED -> new DectEvent.Release(f.handset(), reason(f.arg()));
            case ERROR -> new DectEvent.Failure("base error " + f.arg() + (f.text().isEmpty() ? "" : ": " + f.text()));
            default -> new DectEvent.Failure("unexpected " + Rev1Messages.name(f.msg()) + " from the base");
        };
    }

    private static int handset(int number) {
        if (number < 1 || number > MAX_HANDSETS) {
            throw new IllegalArgumentException("revision 1 has handsets 1 to " + MAX_HANDSETS + ", not " + number);
        }
        return number;
    }

    @Override
    public boolean carriesVoice() {
        return true;
    }

    @Override
    public int encodeVoice(int handset, byte[] frame, byte[] into) {
        return Rev1Codec.encodeVoice(VOICE_OUT, handset(handset), frame, 0, into);
    }

    @Override
    public Decoder decoder() {
        return decoder((handset, bytes, offset, length) -> {
        });
    }

    @Override
    public Decoder decoder(Voice voice) {
        FrameScanner<Rev1Frame> scanner = Rev1Codec.scanner();
        return new Decoder() {
            @Override
            public void feed(byte[] bytes, int offset, int length, Consumer<DectEvent> events, Consumer<String> errors) {
                scanner.feed(bytes, offset, length, frame -> deliver(frame, events, voice), errors);
            }

            @Override
            public void idle(Consumer<DectEvent> events, Consumer<String> errors) {
                scanner.idle(frame -> deliver(frame, events, voice), errors);
            }
        };
    }

    private static void deliver(Rev1Frame frame, Consumer<DectEvent> events, Voice voice) {
        if (frame.msg() == VOICE_IN) {
            voice.frame(frame.handset(), frame.voice(), 0, frame.voice().length);
        } else {
            events.accept(event(frame));
        }
    }
}
