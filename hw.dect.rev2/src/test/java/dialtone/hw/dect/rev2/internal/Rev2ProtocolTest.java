package dialtone.hw.dect.rev2.internal;

import static dialtone.hw.dect.rev2.frame.Rev2Messages.*;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Reason;
import dialtone.hw.dect.BaseInfo;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.dect.Subscription;
import dialtone.hw.dect.link.FrameProtocol;
import dialtone.hw.dect.link.FrameScanner;
import dialtone.hw.dect.link.LinkPump;
import dialtone.hw.dect.rev2.frame.Rev2Codec;
import dialtone.hw.dect.rev2.frame.Rev2Frame;
import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/** Revision 2's frames and the driver's decoding of them, good and bad. */
public class Rev2ProtocolTest {

    private static final Subscription KITCHEN = new Subscription(2, "2DEC700002", "Küche",
            List.of(Codec.G722, Codec.PCMA, Codec.PCMU));
    private static final Rev2Frame INFO_FRAME = Rev2Frame.of(INFO, 0).with(T_FIRMWARE, "R2-FW3.2").with(T_MAX_CALLS, 4)
            .with(T_MAX_HANDSETS, 8).with(T_CODECS, new byte[] { 9, 8, 0 });
    private static final BaseInfo INFO_EVENT = new BaseInfo(2, "R2-FW3.2", 4, 8,
            List.of(Codec.G722, Codec.PCMA, Codec.PCMU));

    private final List<Rev2Frame> frames = new ArrayList<>();
    private final List<DectEvent> events = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private List<Rev2Frame> scan(byte[] bytes) {
        frames.clear();
        FrameScanner<Rev2Frame> scanner = Rev2Codec.scanner();
        scanner.feed(bytes, 0, bytes.length, frames::add, errors::add);
        scanner.idle(frames::add, errors::add);
        return frames;
    }

    private List<DectEvent> decode(byte[]... chunks) {
        FrameProtocol.Decoder decoder = new Rev2Protocol().decoder();
        for (byte[] chunk : chunks) {
            decoder.feed(chunk, 0, chunk.length, events::add, errors::add);
        }
        decoder.idle(events::add, errors::add);
        return events;
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Test
    public void theFramingIsAsDocumented() {
        // docs/dect-protocol.md: OFFHOOK for handset 3
        assertArrayEquals(HexFormat.of().parseHex("d5000250030172079c"), Rev2Codec.encode(Rev2Frame.of(OFFHOOK, 3)));
        assertArrayEquals(HexFormat.of().parseHex("d5000752030103313030" + "2df19821"),
                Rev2Codec.encode(Rev2Frame.of(DIAL, 3).with(T_NUMBER, "100")));
    }

    @Test
    public void everyMessageRoundTripsThroughTheBytes() {
        List<Rev2Frame> all = new ArrayList<>();
        for (int msg : List.of(HELLO, REG_WINDOW, SUB_STORE, SUB_DELETE, SUB_REJECT, SETUP, ALERT, CONNECT, RELEASE,
                DISPLAY, PAGE, INFO, SUB_REQUEST, PRESENCE, OFFHOOK, KEYPAD, DIAL, ALERTING, ANSWER, RELEASED, ERROR)) {
            all.add(Rev2Frame.of(msg, msg % 9).with(T_TEXT, "text for " + msg).with(T_CODECS, new byte[] { 9, 8 }));
        }
        all.add(INFO_FRAME);
        all.add(Rev2Frame.of(DISPLAY, 1).with(T_TEXT, "x".repeat(255)).with(T_NAME, "y".repeat(200)));
        assertEquals(all, scan(Rev2Codec.encode(all.toArray(Rev2Frame[]::new))));
        assertEquals(List.of(), errors);
    }

    @Test
    public void everyCommandBecomesItsFrame() {
        Rev2Protocol protocol = new Rev2Protocol();
        assertEquals(List.of(Rev2Frame.of(SUB_STORE, 2).with(T_IPUI, "2DEC700002").with(T_NAME, "Küche")
                .with(T_CODECS, new byte[] { 9, 8, 0 })), scan(protocol.encode(new DectCommand.Subscribe(KITCHEN))));
        assertEquals(List.of(Rev2Frame.of(SETUP, 2).with(T_NUMBER, "0301234567").with(T_NAME, "Alice Example")
                .with(T_CODECS, new byte[] { 9, 8 })), scan(protocol.encode(new DectCommand.Setup(2,
                        new CallerId("0301234567", "Alice Example"), List.of(Codec.G722, Codec.PCMA, Codec.TELEPHONE_EVENT)))));
        List<DectCommand> singles = List.of(new DectCommand.Hello(), new DectCommand.RegistrationWindow(true),
                new DectCommand.Refuse("2DEC700005"), new DectCommand.Delete(8), new DectCommand.Alerting(2),
                new DectCommand.Connect(2, Codec.G722), new DectCommand.Release(2, Reason.INCOMPATIBLE_MEDIA),
                new DectCommand.Display(2, "calling 100"), new DectCommand.Page(false));
        List<Integer> ids = List.of(HELLO, REG_WINDOW, SUB_REJECT, SUB_DELETE, ALERT, CONNECT, RELEASE, DISPLAY, PAGE);
        for (int i = 0; i < singles.size(); i++) {
            List<Rev2Frame> got = scan(protocol.encode(singles.get(i)));
            assertEquals(singles.get(i).toString(), 1, got.size());
            assertEquals(singles.get(i).toString(), (int) ids.get(i), got.get(0).msg());
        }
        assertEquals(9, scan(protocol.encode(new DectCommand.Connect(1, Codec.G722))).get(0).number(T_CODEC, -1));
        for (Reason reason : Reason.values()) {
            assertEquals(reason, reason(scan(protocol.encode(new DectCommand.Release(1, reason))).get(0).number(T_REASON, -1)));
        }
        Rev2Frame early = scan(protocol.encode(new DectCommand.Alerting(2, Codec.G722))).get(0);
        assertEquals("early media: the codec in ALERT", List.of(ALERT, 9), List.of(early.msg(), early.number(T_CODEC, -1)));
    }

    @Test
    public void whatRevisionTwoCannotCarryIsRefusedWithAReason() {
        Rev2Protocol protocol = new Rev2Protocol();
        assertThrows(IllegalArgumentException.class,
                () -> protocol.encode(new DectCommand.Setup(1, CallerId.of("1"), List.of(Codec.TELEPHONE_EVENT))));
        assertThrows(IllegalArgumentException.class, () -> protocol.encode(new DectCommand.Delete(9)));
        assertThrows(IllegalArgumentException.class, () -> protocol.encode(new DectCommand.Display(1, "x".repeat(256))));
    }

    @Test
    public void everyFrameFromTheBaseBecomesItsEvent() {
        List<DectEvent> got = decode(Rev2Codec.encode(INFO_FRAME,
                Rev2Frame.of(SUB_REQUEST, 0).with(T_IPUI, "2DEC700004").with(T_CODECS, new byte[] { 9, 8, 0 }),
                Rev2Frame.of(PRESENCE, 4).with(T_FLAG, 1), Rev2Frame.of(OFFHOOK, 4),
                Rev2Frame.of(KEYPAD, 4).with(T_DIGITS, "12#"), Rev2Frame.of(DIAL, 4).with(T_NUMBER, "100"),
                Rev2Frame.of(ALERTING, 4), Rev2Frame.of(ANSWER, 4).with(T_CODEC, 9),
                Rev2Frame.of(RELEASED, 4).with(T_REASON, reasonCode(Reason.REJECTED)),
                Rev2Frame.of(ERROR, 0).with(T_ERROR, E_NO_CHANNEL).with(T_TEXT, "full")));
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT),
                new DectEvent.SubscriptionRequest("2DEC700004", List.of(Codec.G722, Codec.PCMA, Codec.PCMU)),
                new DectEvent.Presence(4, true), new DectEvent.OffHook(4), new DectEvent.Keypad(4, "12#"),
                new DectEvent.Dial(4, "100"), new DectEvent.Alerting(4), new DectEvent.Answer(4, Codec.G722),
                new DectEvent.Release(4, Reason.REJECTED), new DectEvent.Failure("base error 4: full")), got);
        assertEquals(List.of(), errors);
    }

    @Test
    public void aTruncatedFrameIsReportedAndTheNextGoodOneDecoded() {
        byte[] cut = Arrays.copyOf(Rev2Codec.encode(Rev2Frame.of(DIAL, 1).with(T_NUMBER, "0123456789")), 11);
        FrameProtocol.Decoder decoder = new Rev2Protocol().decoder();
        decoder.feed(cut, 0, cut.length, events::add, errors::add);
        decoder.idle(events::add, errors::add);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0), errors.get(0).startsWith("truncated frame: 11 bytes of 21"));
        byte[] good = Rev2Codec.encode(INFO_FRAME);
        decoder.feed(good, 0, good.length, events::add, errors::add);
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT)), events);
    }

    @Test
    public void aFrameCutShortByTheNextIsSkippedAndTheNextDecoded() {
        byte[] cut = Arrays.copyOf(Rev2Codec.encode(Rev2Frame.of(DIAL, 1).with(T_NUMBER, "0123456789")), 11);
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT), new DectEvent.OffHook(2)),
                decode(concat(cut, Rev2Codec.encode(INFO_FRAME, Rev2Frame.of(OFFHOOK, 2)))));
        assertEquals(1, errors.size());
    }

    @Test
    public void anOversizedFrameIsRefusedAndTheNextDecoded() {
        byte[] oversized = Rev2Codec.encode(Rev2Frame.of(DISPLAY, 1).with(T_TEXT, "x"));
        oversized[1] = 0x02;
        oversized[2] = 0x01; // 513 bytes
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT)), decode(oversized, Rev2Codec.encode(INFO_FRAME)));
        assertEquals(List.of("oversized frame: body of 513 bytes, at most 512"), errors);
        assertThrows(IllegalArgumentException.class, () -> Rev2Codec.encode(Rev2Frame.of(DISPLAY, 1)
                .with(T_TEXT, "x".repeat(255)).with(T_NAME, "y".repeat(255))));
    }

    @Test
    public void aBadCrcIsReportedAndTheNextGoodFrameDecoded() {
        byte[] bad = Rev2Codec.encode(Rev2Frame.of(DIAL, 1).with(T_NUMBER, "100"));
        bad[8] ^= 0x01;
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT)), decode(bad, Rev2Codec.encode(INFO_FRAME)));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0), errors.get(0).startsWith("bad CRC"));
    }

    @Test
    public void aFieldRunningPastTheBodyIsSkipped() {
        Rev2Frame frame = Rev2Frame.of(DIAL, 1).with(T_NUMBER, "100");
        byte[] body = { (byte) DIAL, 1, (byte) T_NUMBER, 9, '1', '0', '0' };
        byte[] bad = new byte[3 + body.length + 4];
        bad[0] = (byte) SOF_BYTE;
        bad[2] = (byte) body.length;
        System.arraycopy(body, 0, bad, 3, body.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bad, 1, 2 + body.length);
        long value = crc.getValue();
        for (int i = 0; i < 4; i++) {
            bad[3 + body.length + i] = (byte) (value >> (24 - 8 * i));
        }
        assertEquals(List.of(new DectEvent.Dial(1, "100")), decode(bad, Rev2Codec.encode(frame)));
        assertEquals(List.of("field NUMBER of 9 bytes runs past the body"), errors);
    }

    private static final int SOF_BYTE = Rev2Codec.SOF;

    @Test
    public void randomBytesGiveErrorsNeverAnExceptionAndTheNextGoodFrameIsDecoded() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            events.clear();
            errors.clear();
            byte[] noise = new byte[1 + random.nextInt(700)];
            random.nextBytes(noise);
            if (round % 3 == 0) {
                noise[random.nextInt(noise.length)] = (byte) Rev2Codec.SOF;
            }
            FrameProtocol.Decoder decoder = new Rev2Protocol().decoder();
            int at = 0;
            while (at < noise.length) {
                int n = Math.min(noise.length - at, 1 + random.nextInt(64));
                decoder.feed(Arrays.copyOfRange(noise, at, at + n), 0, n, events::add, errors::add);
                at += n;
            }
            decoder.idle(events::add, errors::add);
            byte[] good = Rev2Codec.encode(INFO_FRAME);
            decoder.feed(good, 0, good.length, events::add, errors::add);
            assertFalse("round " + round, errors.isEmpty());
            assertEquals("round " + round, new DectEvent.BaseReady(INFO_EVENT), events.get(events.size() - 1));
        }
    }

    @Test
    public void theDriverThreadsTurnAnyStreamIntoEventsAndResynchronise() throws Exception {
        byte[] noise = new byte[100];
        new Random(3).nextBytes(noise);
        byte[] bad = Rev2Codec.encode(Rev2Frame.of(DIAL, 1).with(T_NUMBER, "100"));
        bad[6] ^= 0x10;
        ScriptedLink link = new ScriptedLink(noise, bad, Rev2Codec.encode(INFO_FRAME));
        BlockingQueue<DectEvent> received = new LinkedBlockingQueue<>();
        LinkPump pump = new LinkPump("test-rev2", link.device(), new Rev2Protocol());
        pump.start(received::add);
        try {
            DectEvent event;
            do {
                event = received.poll(5, TimeUnit.SECONDS);
                assertTrue("no BaseReady after the noise", event != null);
            } while (!(event instanceof DectEvent.BaseReady));
            assertEquals(new DectEvent.BaseReady(INFO_EVENT), event);
            pump.send(new DectCommand.Connect(1, Codec.G722));
            pump.send(new DectCommand.Page(true));
            assertEquals(List.of(CONNECT, PAGE), link.sent(2).stream().map(Rev2Frame::msg).toList());
        } finally {
            pump.stop();
        }
        assertFalse(link.open);
    }

    private static byte[] voice(int seed) {
        byte[] pcm = new byte[160];
        new Random(seed).nextBytes(pcm);
        return pcm;
    }

    @Test
    public void aVoiceFrameIsAsDocumented() {
        byte[] wire = new byte[FrameProtocol.VOICE_ROOM];
        byte[] pcm = voice(1);
        int n = new Rev2Protocol().encodeVoice(3, pcm, wire);
        assertEquals(Rev2Codec.VOICE_SIZE, n);
        assertEquals("d500a436030ea0", HexFormat.of().formatHex(wire, 0, 7));
        Rev2Frame frame = scan(Arrays.copyOf(wire, n)).get(0);
        assertEquals(VOICE_OUT, frame.msg());
        assertEquals(3, frame.handset());
        assertArrayEquals(pcm, frame.bytes(T_PCM));
        assertThrows(IllegalArgumentException.class, () -> new Rev2Protocol().encodeVoice(9, pcm, wire));
    }

    @Test
    public void voiceGoesToTheVoiceChannelNeverToTheEventsAndABadOneIsReported() {
        List<String> voiced = new ArrayList<>();
        FrameProtocol.Decoder decoder = new Rev2Protocol().decoder(
                (handset, bytes, offset, length) -> voiced.add(handset + ":" + bytes[offset] + "/" + length));
        byte[] first = new byte[Rev2Codec.VOICE_SIZE];
        byte[] broken = new byte[Rev2Codec.VOICE_SIZE];
        byte[] second = new byte[Rev2Codec.VOICE_SIZE];
        Rev2Codec.encodeVoice(VOICE_IN, 1, voice(1), 0, 160, first);
        Rev2Codec.encodeVoice(VOICE_IN, 1, voice(2), 0, 160, broken);
        broken[50] ^= 0x01;
        Rev2Codec.encodeVoice(VOICE_IN, 2, voice(3), 0, 160, second);
        byte[] all = concat(first, Rev2Codec.encode(Rev2Frame.of(DIAL, 1).with(T_NUMBER, "100")), broken, second);
        decoder.feed(all, 0, all.length, events::add, errors::add);
        assertEquals(List.of("1:" + voice(1)[0] + "/160", "2:" + voice(3)[0] + "/160"), voiced);
        assertEquals(List.of(new DectEvent.Dial(1, "100")), events);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0), errors.get(0).startsWith("bad CRC"));
    }

    @Test
    public void theDriverThreadsCarryAHandsetsVoiceBothWays() throws Exception {
        byte[] fromBase = new byte[Rev2Codec.VOICE_SIZE];
        Rev2Codec.encodeVoice(VOICE_IN, 1, voice(7), 0, 160, fromBase);
        ScriptedLink link = new ScriptedLink(Rev2Codec.encode(INFO_FRAME), fromBase);
        LinkPump pump = new LinkPump("test-rev2", link.device(), new Rev2Protocol());
        var channel = pump.voice(1);
        pump.start(event -> {
        });
        try {
            byte[] frame = new byte[160];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!channel.read(frame)) {
                assertTrue("no voice from the base", System.nanoTime() < end);
                Thread.sleep(5);
            }
            assertArrayEquals(voice(7), frame);
            channel.write(voice(8));
            Rev2Frame sent = link.sent(1).get(0);
            assertEquals(VOICE_OUT, sent.msg());
            assertEquals(1, sent.handset());
            assertArrayEquals(voice(8), sent.bytes(T_PCM));
            // The writer counts a frame once its send returned, just after the link saw it.
            long counted = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!pump.counters().endsWith("voice 1 in, 1 out")) {
                assertTrue(pump.counters(), System.nanoTime() < counted);
                Thread.sleep(5);
            }
        } finally {
            pump.stop();
        }
    }

    /** A link that hands out scripted chunks, then times out, and records what was sent. */
    static final class ScriptedLink implements DeviceLink {
        private final BlockingQueue<byte[]> script = new LinkedBlockingQueue<>();
        private final BlockingQueue<Rev2Frame> sent = new LinkedBlockingQueue<>();
        private final FrameScanner<Rev2Frame> scanner = Rev2Codec.scanner();
        volatile boolean open = true;

        ScriptedLink(byte[]... chunks) {
            script.addAll(List.of(chunks));
        }

        UsbDevice device() {
            ScriptedLink link = this;
            return new UsbDevice() {
                public int vendorId() { return 0xDEC7; }
                public int productId() { return 1; }
                public int revision() { return 2; }
                public String serial() { return "TEST"; }
                public DeviceLink open() { return link; }
            };
        }

        List<Rev2Frame> sent(int count) throws InterruptedException {
            List<Rev2Frame> got = new ArrayList<>();
            while (got.size() < count) {
                Rev2Frame frame = sent.poll(5, TimeUnit.SECONDS);
                if (frame == null) {
                    throw new AssertionError("only " + got + " sent");
                }
                if (frame.msg() != HELLO) {
                    got.add(frame);
                }
            }
            return got;
        }

        @Override
        public synchronized void send(byte[] bytes, int offset, int length) {
            scanner.feed(bytes, offset, length, sent::add, error -> {
                throw new AssertionError(error);
            });
        }

        @Override
        public int receive(byte[] buffer, int timeoutMillis) throws IOException {
            if (!open) {
                throw new IOException("closed");
            }
            try {
                byte[] chunk = script.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    return 0;
                }
                System.arraycopy(chunk, 0, buffer, 0, chunk.length);
                return chunk.length;
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
