package dialtone.audio.dev.internal;

import dialtone.audio.dev.G711;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.PathStats;
import dialtone.audio.dev.Tone;
import dialtone.core.call.Codec;

/**
 * One RTP socket, bound ahead, and the state of the path using it. Other threads set what the path
 * should do through volatile fields and a digit queue; the voice thread alone does the I/O and the
 * frame work in {@link #serve}, with buffers allocated here once.
 */
final class PathSlot {

    private static final Logger log = LoggerFactory.getLogger(PathSlot.class);

    static final int FREE = 0;
    static final int RESERVED = 1;
    static final int OPEN = 2;
    static final int CLOSING = 3;

    /** Event packets of one digit before its end: 100 ms. */
    private static final int EVENT_TICKS = 5;
    /** Times the end packet is sent (RFC 4733 section 2.5.1.4). */
    private static final int END_PACKETS = 3;
    /** A received event with no packet for this many ticks is over, even if its end got lost. */
    private static final int EVENT_SILENT_TICKS = 4;
    private static final int MAX_PACKET = 1500;

    final DatagramChannel socket;
    final URI local;
    private final TonePlanRef plan;

    volatile int state = FREE;
    volatile int lease;
    volatile String name = "";
    volatile String call = "";
    volatile DeviceChannel device;
    volatile Codec codec = Codec.PCMU;
    volatile InetSocketAddress remote;
    volatile int eventPayloadType = -1;
    volatile Tone tone = Tone.NONE;
    volatile boolean held;
    /** Nothing goes to the far end while set; what arrives still plays (the far side holds). */
    volatile boolean muted;
    /** Bumped on every connect; the voice thread applies a connect when it sees a new one. */
    volatile int generation;
    /** Digits to send; the voice thread's poll allocates nothing (the offering thread makes the node). */
    final ConcurrentLinkedQueue<Character> digits = new ConcurrentLinkedQueue<>();

    // Voice thread only from here on.
    private final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_PACKET);
    private final ByteBuffer tx = ByteBuffer.allocateDirect(MAX_PACKET);
    private final byte[] packet = new byte[MAX_PACKET];
    private final byte[] out = new byte[MAX_PACKET];
    private final byte[] fromDevice = new byte[DeviceChannel.FRAME];
    private final byte[] toDevice = new byte[DeviceChannel.FRAME];
    final JitterBuffer jitter;
    private final ToneGenerator toneGenerator = new ToneGenerator();
    private final ToneGenerator dtmfGenerator = new ToneGenerator();
    private int appliedGeneration = -1;
    private Tone appliedTone = Tone.NONE;
    private boolean appliedHeld;
    private boolean connected;
    private boolean alaw;
    /**
     * G.722 passes through like G.711 (160 bytes per 20 ms at 64 kbit/s), and its fill-in is the
     * µ-law one: 0xFF is also the G.722 code for silence, the lowest step of both sub-bands. Tones and
     * keys, made as G.711, are not played into it.
     */
    private boolean wideband;
    private int voiceType;
    private int eventType = -1;
    private int sequence;
    private long timestamp;
    private int ssrc;
    private boolean marker;
    private int remoteSsrc;
    private boolean haveRemoteSsrc;
    private int sendingEvent = -1;
    private int eventTick;
    private long eventStamp;
    private long lastEventStamp = -1;
    private int receivedEventSilence;

    volatile long packetsIn;
    volatile long packetsOut;
    volatile long eventsIn;
    volatile long eventsOut;
    volatile long errors;

    PathSlot(DatagramChannel socket, URI local, TonePlanRef plan, int minDepth, int maxDepth) {
        this.socket = socket;
        this.local = local;
        this.plan = plan;
        this.jitter = new JitterBuffer(32, MAX_PACKET, minDepth, maxDepth);
    }

    /** One 20 ms tick of this path. */
    void serve(long nowNanos) {
        int current = state;
        if (current == CLOSING) {
            release();
            return;
        }
        if (current != OPEN) {
            return;
        }
        DeviceChannel channel = device;
        if (appliedGeneration != generation) {
            apply();
        }
        Tone wanted = tone;
        if (wanted != appliedTone) {
            appliedTone = wanted;
            TonePlan.Spec spec = plan.get().spec(wanted);
            if (spec == null) {
                toneGenerator.stop();
            } else {
                toneGenerator.start(spec.f1(), spec.f2(), spec.cadence());
            }
        }
        receive(nowNanos / 125_000);
        boolean isHeld = held;
        if (isHeld != appliedHeld) {
            appliedHeld = isHeld;
            jitter.reset();
        }
        if (isHeld) {
            return;
        }
        if (!channel.read(fromDevice)) {
            java.util.Arrays.fill(fromDevice, G711.silence(alaw));
        }
        if (connected && !muted) {
            send();
        }
        timestamp += JitterBuffer.FRAME_UNITS;
        // The jitter buffer plays out every tick, so a tone does not let voice pile up behind it.
        if (jitter.take(toDevice) < 0) {
            java.util.Arrays.fill(toDevice, G711.silence(alaw));
        }
        if (wideband) {
            // nothing generated to mix in
        } else if (toneGenerator.active()) {
            toneGenerator.fill(toDevice, toDevice.length, alaw);
        } else if (dtmfGenerator.active()) {
            dtmfGenerator.fill(toDevice, toDevice.length, alaw);
            if (++receivedEventSilence > EVENT_SILENT_TICKS) {
                dtmfGenerator.stop();
            }
        }
        channel.write(toDevice);
    }

    private void apply() {
        appliedGeneration = generation;
        Codec wanted = codec;
        alaw = G711.isAlaw(wanted);
        wideband = wanted == Codec.G722;
        voiceType = wanted.payloadType();
        eventType = eventPayloadType;
        InetSocketAddress target = remote;
        jitter.reset();
        haveRemoteSsrc = false;
        try {
            if (socket.isConnected()) {
                socket.disconnect();
            }
            if (target != null) {
                socket.connect(target);
                connected = true;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                sequence = random.nextInt(0x10000);
                timestamp = random.nextInt() & 0xFFFFFFFFL;
                ssrc = random.nextInt();
                marker = true;
            } else {
                connected = false;
            }
        } catch (IOException e) {
            connected = false;
            errors++;
            log.warn("{} {}: cannot send to {}: {}", call, name, target, e.toString());
        }
    }

    private void receive(long arrivalUnits) {
        for (int guard = 0; guard < 64; guard++) {
            rx.clear();
            int length;
            try {
                if (connected) {
                    length = socket.read(rx);
                } else {
                    length = socket.receive(rx) == null ? 0 : rx.position();
                }
            } catch (PortUnreachableException e) {
                // The far end is not listening (yet): ICMP came back for a packet sent. Not fatal.
                errors++;
                continue;
            } catch (IOException e) {
                errors++;
                return;
            }
            if (length <= 0) {
                return;
            }
            if (!connected || state != OPEN || held) {
                // Drained and dropped: a held call must not come back with stale voice queued.
                continue;
            }
            rx.flip();
            rx.get(packet, 0, length);
            handle(length, arrivalUnits);
        }
    }

    private void handle(int length, long arrivalUnits) {
        int offset = Rtp.payloadOffset(packet, length);
        if (offset < 0) {
            errors++;
            return;
        }
        int payload = Rtp.payloadLength(packet, length, offset);
        if (payload < 0) {
            errors++;
            return;
        }
        packetsIn++;
        int type = Rtp.payloadType(packet);
        if (type == eventType && payload >= Rtp.EVENT) {
            event(offset);
        } else if (type == voiceType) {
            int source = Rtp.ssrc(packet);
            if (haveRemoteSsrc && source != remoteSsrc) {
                jitter.reset();
            }
            remoteSsrc = source;
            haveRemoteSsrc = true;
            jitter.put(packet, offset, payload, Rtp.sequence(packet), Rtp.timestamp(packet), arrivalUnits);
        }
    }

    /** A received RFC 4733 event: a new one starts its tone towards the device, its end stops it. */
    private void event(int offset) {
        long stamp = Rtp.timestamp(packet);
        boolean end = Rtp.eventEnd(packet, offset);
        if (stamp != lastEventStamp) {
            lastEventStamp = stamp;
            eventsIn++;
            int[] pair = ToneGenerator.dtmf(Rtp.digitOf(Rtp.eventCode(packet, offset)));
            if (pair != null && !end) {
                dtmfGenerator.start(pair[0], pair[1], null);
            }
        }
        receivedEventSilence = 0;
        if (end) {
            dtmfGenerator.stop();
        }
    }

    private void send() {
        int length;
        if (sendingEvent < 0) {
            Character digit = digits.poll();
            if (digit != null && eventType >= 0 && Rtp.eventOf(digit) >= 0) {
                sendingEvent = Rtp.eventOf(digit);
                eventTick = 0;
                eventStamp = timestamp;
                eventsOut++;
            }
        }
        if (sendingEvent >= 0) {
            eventTick++;
            boolean end = eventTick > EVENT_TICKS;
            int duration = Math.min(eventTick, EVENT_TICKS) * JitterBuffer.FRAME_UNITS;
            Rtp.header(out, eventTick == 1, eventType, sequence, eventStamp, ssrc);
            length = Rtp.HEADER + Rtp.event(out, Rtp.HEADER, sendingEvent, end, 10, duration);
            if (eventTick >= EVENT_TICKS + END_PACKETS) {
                sendingEvent = -1;
                marker = true;
            }
        } else {
            Rtp.header(out, marker, voiceType, sequence, timestamp, ssrc);
            System.arraycopy(fromDevice, 0, out, Rtp.HEADER, fromDevice.length);
            length = Rtp.HEADER + fromDevice.length;
            marker = false;
        }
        sequence = (sequence + 1) & 0xFFFF;
        tx.clear();
        tx.put(out, 0, length);
        tx.flip();
        try {
            socket.write(tx);
            packetsOut++;
        } catch (IOException e) {
            errors++;
        }
    }

    /** Lets the socket go back to the pool: the path's state is cleared on the voice thread, then FREE. */
    void release() {
        try {
            if (socket.isConnected()) {
                socket.disconnect();
            }
        } catch (IOException e) {
            log.debug("{} {}: disconnect failed: {}", call, name, e.toString());
        }
        connected = false;
        toneGenerator.stop();
        dtmfGenerator.stop();
        appliedTone = Tone.NONE;
        appliedGeneration = -1;
        appliedHeld = false;
        sendingEvent = -1;
        lastEventStamp = -1;
        digits.clear();
        device = null;
        state = FREE;
    }

    /** Prepares a reserved slot for a new user; the caller then sets it OPEN. */
    void prepare(String user, DeviceChannel channel, Codec law, int newLease) {
        name = user;
        call = "";
        device = channel;
        codec = law;
        remote = null;
        eventPayloadType = -1;
        tone = Tone.NONE;
        held = false;
        muted = false;
        packetsIn = packetsOut = eventsIn = eventsOut = errors = 0;
        jitter.clear();
        lease = newLease;
        generation++;
    }

    PathStats stats() {
        InetSocketAddress target = remote;
        URI remoteUri = target == null ? null
                : URI.create("rtp://" + target.getAddress().getHostAddress() + ":" + target.getPort());
        return new PathStats(name, call, codec.encoding(), local, remoteUri, tone, held, packetsIn, packetsOut,
                jitter.lost(), jitter.late(), jitter.duplicates(), jitter.jitterMillis(), jitter.depth(),
                jitter.target(), eventsIn, eventsOut);
    }
}
