package dialtone.hw.dect.rev1.internal;

import static dialtone.hw.dect.rev1.frame.Rev1Messages.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
import dialtone.hw.dect.rev1.frame.Rev1Codec;
import dialtone.hw.dect.rev1.frame.Rev1Frame;
import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/** Revision 1's frames and the driver's decoding of them, good and bad. */
public class Rev1ProtocolTest {

    private static final Subscription KITCHEN = new Subscription(2, "2DEC700002", "Kitchen",
            List.of(Codec.G722, Codec.PCMA, Codec.PCMU));

    private final List<Rev1Frame> frames = new ArrayList<>();
    private final List<DectEvent> events = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private List<Rev1Frame> scan(byte[] bytes) {
        FrameScanner<Rev1Frame> scanner = Rev1Codec.scanner();
        scanner.feed(bytes, 0, bytes.length, frames::add, errors::add);
        scanner.idle(frames::add, errors::add);
        return frames;
    }

    private List<DectEvent> decode(byte[]... chunks) {
        FrameProtocol.Decoder decoder = new Rev1Protocol().decoder();
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

    private static final Rev1Frame INFO_FRAME = new Rev1Frame(INFO, MAX_HANDSETS, MAX_CALLS, "R1-FW1.4");
    private static final BaseInfo INFO_EVENT = new BaseInfo(1, "R1-FW1.4", 2, 6, List.of(Codec.PCMA, Codec.PCMU));

    @Test
    public void theFramingIsAsDocumented() {
        // docs/dect-protocol.md: OFFHOOK and DIAL "100" from handset 3
        assertEquals("a590030000" + "00".repeat(14) + "93",
                java.util.HexFormat.of().formatHex(Rev1Codec.encode(new Rev1Frame(OFFHOOK, 3))));
        assertEquals("a592030003313030" + "00".repeat(11) + "a3",
                java.util.HexFormat.of().formatHex(Rev1Codec.encode(new Rev1Frame(DIAL, 3, 0, "100"))));
    }

    @Test
    public void everyMessageRoundTripsThroughTheBytes() {
        List<Rev1Frame> all = List.of(new Rev1Frame(HELLO, 0), new Rev1Frame(REG_WINDOW, 0, 1),
                new Rev1Frame(SUB_STORE, 1, 7, "2DEC700001"), new Rev1Frame(SUB_NAME, 1, 0, "Küche"),
                new Rev1Frame(SUB_DELETE, 6), new Rev1Frame(SUB_REJECT, 0, 0, "2DEC700003"),
                new Rev1Frame(SETUP, 2, 3, "03012345678901"), new Rev1Frame(SETUP_NAME, 2, 0, "Alice"),
                new Rev1Frame(ALERT, 2), new Rev1Frame(CONNECT, 2, PCMU), new Rev1Frame(RELEASE, 2, 1),
                new Rev1Frame(DISPLAY, 3, 0, "no dial plan"), new Rev1Frame(PAGE, 0, 1), INFO_FRAME,
                new Rev1Frame(SUB_REQUEST, 0, 7, "2DEC700004"), new Rev1Frame(PRESENCE, 4, 1),
                new Rev1Frame(OFFHOOK, 4), new Rev1Frame(KEYPAD, 4, 0, "12#"), new Rev1Frame(DIAL, 4, 0, "100"),
                new Rev1Frame(ALERTING, 4), new Rev1Frame(ANSWER, 4, PCMA), new Rev1Frame(RELEASED, 4, 2),
                new Rev1Frame(ERROR, 0, E_CHECKSUM, "bad"));
        for (Rev1Frame frame : all) {
            byte[] bytes = Rev1Codec.encode(frame);
            assertEquals(Rev1Codec.SIZE, bytes.length);
        }
        assertEquals(all, scan(Rev1Codec.encode(all.toArray(Rev1Frame[]::new))));
        assertEquals(List.of(), errors);
    }

    @Test
    public void everyCommandBecomesItsFrames() {
        assertEquals(List.of(new Rev1Frame(SUB_STORE, 2, G722 | PCMA | PCMU, "2DEC700002"),
                new Rev1Frame(SUB_NAME, 2, 0, "Kitchen")),
                scan(new Rev1Protocol().encode(new DectCommand.Subscribe(KITCHEN))));
        frames.clear();
        assertEquals(List.of(new Rev1Frame(SETUP, 2, PCMA, "0301234567"), new Rev1Frame(SETUP_NAME, 2, 0, "Alice Example")),
                scan(new Rev1Protocol().encode(new DectCommand.Setup(2, new CallerId("0301234567", "Alice Example x"),
                        List.of(Codec.G722, Codec.PCMA)))));
        List<DectCommand> singles = List.of(new DectCommand.Hello(), new DectCommand.RegistrationWindow(true),
                new DectCommand.Refuse("2DEC700005"), new DectCommand.Delete(3), new DectCommand.Alerting(2),
                new DectCommand.Connect(2, Codec.PCMU), new DectCommand.Release(2, Reason.BUSY),
                new DectCommand.Display(2, "calling 100"), new DectCommand.Page(false));
        List<Integer> ids = List.of(HELLO, REG_WINDOW, SUB_REJECT, SUB_DELETE, ALERT, CONNECT, RELEASE, DISPLAY, PAGE);
        for (int i = 0; i < singles.size(); i++) {
            frames.clear();
            List<Rev1Frame> got = scan(new Rev1Protocol().encode(singles.get(i)));
            assertEquals(singles.get(i).toString(), 1, got.size());
            assertEquals(singles.get(i).toString(), (int) ids.get(i), got.get(0).msg());
        }
        frames.clear();
        assertEquals(reasonCode(Reason.BUSY), scan(new Rev1Protocol().encode(new DectCommand.Release(1, Reason.BUSY))).get(0).arg());
        frames.clear();
        assertEquals("early media: the codec bit in ALERT's argument", List.of(new Rev1Frame(ALERT, 2, PCMU)),
                scan(new Rev1Protocol().encode(new DectCommand.Alerting(2, Codec.PCMU))));
        assertThrows(IllegalArgumentException.class,
                () -> new Rev1Protocol().encode(new DectCommand.Alerting(2, Codec.G722)));
    }

    @Test
    public void whatRevisionOneCannotCarryIsRefusedWithAReason() {
        Rev1Protocol protocol = new Rev1Protocol();
        assertThrows(IllegalArgumentException.class,
                () -> protocol.encode(new DectCommand.Setup(1, CallerId.of("1"), List.of(Codec.G722))));
        assertThrows(IllegalArgumentException.class, () -> protocol.encode(new DectCommand.Connect(1, Codec.G722)));
        assertThrows(IllegalArgumentException.class,
                () -> protocol.encode(new DectCommand.Setup(1, CallerId.of("003012345678901"), List.of(Codec.PCMA))));
        assertThrows(IllegalArgumentException.class, () -> protocol.encode(new DectCommand.Delete(7)));
        assertThrows(IllegalArgumentException.class, () -> new Rev1Frame(DISPLAY, 1, 0, "fifteen chars!!"));
    }

    @Test
    public void everyFrameFromTheBaseBecomesItsEvent() {
        List<DectEvent> got = decode(Rev1Codec.encode(INFO_FRAME, new Rev1Frame(SUB_REQUEST, 0, PCMA | G722, "2DEC700004"),
                new Rev1Frame(PRESENCE, 4, 1), new Rev1Frame(OFFHOOK, 4), new Rev1Frame(KEYPAD, 4, 0, "12#"),
                new Rev1Frame(DIAL, 4, 0, "100"), new Rev1Frame(ALERTING, 4), new Rev1Frame(ANSWER, 4, PCMA),
                new Rev1Frame(RELEASED, 4, reasonCode(Reason.REJECTED)), new Rev1Frame(ERROR, 0, E_NO_CHANNEL, "full")));
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT),
                new DectEvent.SubscriptionRequest("2DEC700004", List.of(Codec.G722, Codec.PCMA)),
                new DectEvent.Presence(4, true), new DectEvent.OffHook(4), new DectEvent.Keypad(4, "12#"),
                new DectEvent.Dial(4, "100"), new DectEvent.Alerting(4), new DectEvent.Answer(4, Codec.PCMA),
                new DectEvent.Release(4, Reason.REJECTED), new DectEvent.Failure("base error 4: full")), got);
        assertEquals(List.of(), errors);
    }

    @Test
    public void aTruncatedFrameIsReportedAndTheNextGoodOneDecoded() {
        byte[] good = Rev1Codec.encode(INFO_FRAME);
        byte[] cut = Arrays.copyOf(Rev1Codec.encode(new Rev1Frame(OFFHOOK, 1)), 9);
        FrameProtocol.Decoder decoder = new Rev1Protocol().decoder();
        decoder.feed(cut, 0, cut.length, events::add, errors::add);
        decoder.idle(events::add, errors::add);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0), errors.get(0).startsWith("truncated frame"));
        decoder.feed(good, 0, good.length, events::add, errors::add);
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT)), events);
    }

    @Test
    public void aFrameCutShortByTheNextIsSkippedAndTheNextDecoded() {
        byte[] cut = Arrays.copyOf(Rev1Codec.encode(new Rev1Frame(OFFHOOK, 1)), 12);
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT)), decode(concat(cut, Rev1Codec.encode(INFO_FRAME))));
        assertEquals(1, errors.size());
    }

    @Test
    public void anOversizedTextFieldIsRefused() {
        byte[] bad = Rev1Codec.encode(new Rev1Frame(KEYPAD, 1, 0, "1"));
        bad[4] = 15;
        fixChecksum(bad);
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT)), decode(bad, Rev1Codec.encode(INFO_FRAME)));
        assertEquals(List.of("oversized text: 15 bytes, at most 14"), errors);
    }

    @Test
    public void aBadChecksumIsReportedAndTheNextGoodFrameDecoded() {
        byte[] bad = Rev1Codec.encode(new Rev1Frame(DIAL, 1, 0, "100"));
        bad[6] ^= 0x01;
        assertEquals(List.of(new DectEvent.BaseReady(INFO_EVENT)), decode(bad, Rev1Codec.encode(INFO_FRAME)));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0), errors.get(0).startsWith("bad checksum"));
    }

    @Test
    public void anUnknownMessageIsSkipped() {
        byte[] bad = Rev1Codec.encode(new Rev1Frame(0x70, 1));
        assertEquals(List.of(new DectEvent.OffHook(1)), decode(bad, Rev1Codec.encode(new Rev1Frame(OFFHOOK, 1))));
        assertEquals(List.of("unknown message 70"), errors);
    }

    @Test
    public void randomBytesGiveErrorsNeverAnExceptionAndTheNextGoodFrameIsDecoded() {
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            events.clear();
            errors.clear();
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            FrameProtocol.Decoder decoder = new Rev1Protocol().decoder();
            int at = 0;
            while (at < noise.length) {
                int n = Math.min(noise.length - at, 1 + random.nextInt(40));
                decoder.feed(Arrays.copyOfRange(noise, at, at + n), 0, n, events::add, errors::add);
                at += n;
            }
            decoder.idle(events::add, errors::add);
            byte[] good = Rev1Codec.encode(INFO_FRAME);
            decoder.feed(good, 0, good.length, events::add, errors::add);
            assertEquals("round " + round, new DectEvent.BaseReady(INFO_EVENT), events.get(events.size() - 1));
        }
    }

    @Test
    public void theDriverThreadsTurnAnyStreamIntoEventsAndResynchronise() throws Exception {
        byte[] noise = new byte[64];
        new Random(7).nextBytes(noise);
        byte[] bad = Rev1Codec.encode(new Rev1Frame(DIAL, 1, 0, "100"));
        bad[8] ^= 0x10;
        ScriptedLink link = new ScriptedLink(noise, bad, Rev1Codec.encode(INFO_FRAME));
        BlockingQueue<DectEvent> received = new LinkedBlockingQueue<>();
        LinkPump pump = new LinkPump("test-rev1", link.device(), new Rev1Protocol());
        pump.start(received::add);
        try {
            DectEvent event;
            do {
                event = received.poll(5, TimeUnit.SECONDS);
                assertTrue("no BaseReady after the noise", event != null);
            } while (!(event instanceof DectEvent.BaseReady));
            assertEquals(new DectEvent.BaseReady(INFO_EVENT), event);
            assertTrue(pump.counters(), pump.counters().contains("1 frames in"));
            pump.send(new DectCommand.Display(1, "x"));
            pump.send(new DectCommand.Delete(9));
            pump.send(new DectCommand.Page(true));
            assertEquals(List.of(DISPLAY, PAGE), link.sent(2).stream().map(Rev1Frame::msg).toList());
            DectEvent failure = received.poll(5, TimeUnit.SECONDS);
            while (failure != null && !(failure instanceof DectEvent.Failure f && f.description().contains("handsets 1 to 6"))) {
                failure = received.poll(5, TimeUnit.SECONDS);
            }
            assertTrue("an unsendable command is reported", failure != null);
        } finally {
            pump.stop();
        }
        assertFalse(link.open);
    }

    private static void fixChecksum(byte[] frame) {
        int xor = 0;
        for (int i = 1; i < Rev1Codec.SIZE - 1; i++) {
            xor ^= frame[i];
        }
        frame[Rev1Codec.SIZE - 1] = (byte) xor;
    }

    private static byte[] voice(int seed) {
        byte[] pcm = new byte[160];
        new Random(seed).nextBytes(pcm);
        return pcm;
    }

    private static byte[] voiceFrame(int msg, int handset, byte[] pcm) {
        byte[] wire = new byte[Rev1Codec.VOICE_SIZE];
        assertEquals(Rev1Codec.VOICE_SIZE, Rev1Codec.encodeVoice(msg, handset, pcm, 0, wire));
        return wire;
    }

    @Test
    public void aVoiceFrameIsTheOneLongerFrameAsDocumented() {
        byte[] pcm = new byte[160];
        pcm[0] = 0x55;
        byte[] wire = new byte[FrameProtocol.VOICE_ROOM];
        int n = new Rev1Protocol().encodeVoice(2, pcm, wire);
        assertEquals(164, n);
        // A5 17 02, the voice, and the XOR of everything after the sync byte: 17 ^ 02 ^ 55 = 40.
        assertEquals("a51702" + "55" + "00".repeat(159) + "40", java.util.HexFormat.of().formatHex(wire, 0, n));
        Rev1Frame frame = scan(Arrays.copyOf(wire, n)).get(0);
        assertEquals(VOICE_OUT, frame.msg());
        assertEquals(2, frame.handset());
        assertTrue(Arrays.equals(pcm, frame.voice()));
        assertThrows(IllegalArgumentException.class, () -> new Rev1Protocol().encodeVoice(7, pcm, wire));
    }

    @Test
    public void voiceGoesToTheVoiceChannelNeverToTheEventsAndABadOneIsReported() {
        List<String> voiced = new ArrayList<>();
        FrameProtocol.Decoder decoder = new Rev1Protocol().decoder(
                (handset, bytes, offset, length) -> voiced.add(handset + ":" + bytes[offset] + "/" + length));
        byte[] broken = voiceFrame(VOICE_IN, 1, voice(2));
        broken[90] ^= 0x01;
        byte[] all = concat(voiceFrame(VOICE_IN, 1, voice(1)), Rev1Codec.encode(new Rev1Frame(OFFHOOK, 1)), broken,
                voiceFrame(VOICE_IN, 2, voice(3)));
        decoder.feed(all, 0, all.length, events::add, errors::add);
        assertEquals(List.of("1:" + voice(1)[0] + "/160", "2:" + voice(3)[0] + "/160"), voiced);
        assertEquals(List.of(new DectEvent.OffHook(1)), events);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0), errors.get(0).startsWith("bad checksum"));
    }

    @Test
    public void voiceForAHandsetTheRevisionLacksIsRefusedOnceAndTheWriterGoesOn() throws Exception {
        ScriptedLink link = new ScriptedLink(Rev1Codec.encode(INFO_FRAME));
        LinkPump pump = new LinkPump("test-rev1", link.device(), new Rev1Protocol());
        BlockingQueue<DectEvent> received = new LinkedBlockingQueue<>();
        var channel = pump.voice(7); // revision 1 has handsets 1 to 6
        pump.start(received::add);
        try {
            for (int i = 0; i < 5; i++) {
                channel.write(voice(i));
            }
            DectEvent event;
            do {
                event = received.poll(5, TimeUnit.SECONDS);
                assertTrue("no refusal", event != null);
            } while (!(event instanceof DectEvent.Failure));
            assertTrue(event.toString(), ((DectEvent.Failure) event).description().startsWith("no voice for handset 7"));
            pump.send(new DectCommand.Page(true));
            assertEquals(PAGE, link.sent(1).get(0).msg());
            Thread.sleep(100);
            assertTrue("said once: " + received, received.stream().noneMatch(DectEvent.Failure.class::isInstance));
        } finally {
            pump.stop();
        }
    }

    @Test
    public void theDriverThreadsCarryAHandsetsVoiceBothWays() throws Exception {
        ScriptedLink link = new ScriptedLink(Rev1Codec.encode(INFO_FRAME), voiceFrame(VOICE_IN, 1, voice(7)));
        LinkPump pump = new LinkPump("test-rev1", link.device(), new Rev1Protocol());
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
            assertTrue(Arrays.equals(voice(7), frame));
            channel.write(voice(8));
            Rev1Frame sent = link.sent(1).get(0);
            assertEquals(VOICE_OUT, sent.msg());
            assertTrue(Arrays.equals(voice(8), sent.voice()));
        } finally {
            pump.stop();
        }
    }

    /** A link that hands out scripted chunks, then times out, and records what was sent. */
    static final class ScriptedLink implements DeviceLink {
        private final BlockingQueue<byte[]> script = new LinkedBlockingQueue<>();
        private final BlockingQueue<Rev1Frame> sent = new LinkedBlockingQueue<>();
        private final FrameScanner<Rev1Frame> scanner = Rev1Codec.scanner();
        volatile boolean open = true;

        ScriptedLink(byte[]... chunks) {
            script.addAll(List.of(chunks));
        }

        UsbDevice device() {
            ScriptedLink link = this;
            return new UsbDevice() {
                public int vendorId() { return 0xDEC7; }
                public int productId() { return 1; }
                public int revision() { return 1; }
                public String serial() { return "TEST"; }
                public DeviceLink open() { return link; }
            };
        }

        List<Rev1Frame> sent(int count) throws InterruptedException {
            List<Rev1Frame> got = new ArrayList<>();
            while (got.size() < count) {
                Rev1Frame frame = sent.poll(5, TimeUnit.SECONDS);
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
