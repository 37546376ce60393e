package dialtone.audio.dev.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.AudioPath;
import dialtone.audio.dev.AudioPaths;
import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.PathStats;
import dialtone.audio.dev.Tone;
import dialtone.core.call.Codec;

/**
 * The voice path engine without OSGi: a pool of RTP sockets bound ahead, and one thread at the
 * highest priority that wakes on a 20 ms grid and serves every open path. Opening, connecting and
 * closing a path only set fields the voice thread picks up on its next tick, so the call-core
 * thread never waits for it. The voice thread records how late it woke against the grid.
 */
public class VoiceEngine implements AudioPaths {

    private static final Logger log = LoggerFactory.getLogger(VoiceEngine.class);

    /** The frame period: 20 ms. */
    public static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Ticks not recorded at first: the second in which the runtime around the thread starts up. */
    private static final int SETTLE_TICKS = 50;
    /** Lateness recorded, at most: 10 s in microseconds. */
    private static final long MAX_LATENESS_MICROS = 10_000_000;

    private final List<PathSlot> slots;
    private final TonePlanRef plan;
    private final AtomicInteger leases = new AtomicInteger();
    private final SingleWriterRecorder lateness = new SingleWriterRecorder(MAX_LATENESS_MICROS, 3);
    private final Histogram total = new Histogram(MAX_LATENESS_MICROS, 3);
    private volatile boolean running;
    private volatile long ticks;
    private volatile long resyncs;
    private final int realtimePriority;
    private volatile String scheduling = "not started";
    private Thread thread;

    /**
     * Binds the RTP sockets: every even port from {@code firstPort} to {@code lastPort} that is free.
     * Ports already taken are skipped with a log line.
     */
    public VoiceEngine(String address, int firstPort, int lastPort, String country, int minDepth, int maxDepth)
            throws IOException {
        this(address, firstPort, lastPort, country, minDepth, maxDepth, 0);
    }

    /**
     * As above, and the voice thread puts itself under SCHED_FIFO at {@code realtimePriority}
     * (1-99) when it starts, where the OS permits; 0 leaves it under the normal policy.
     */
    public VoiceEngine(String address, int firstPort, int lastPort, String country, int minDepth, int maxDepth,
            int realtimePriority) throws IOException {
        if (realtimePriority < 0 || realtimePriority > 99) {
            throw new IllegalArgumentException("real-time priority " + realtimePriority + " not in 0-99");
        }
        this.realtimePriority = realtimePriority;
        TonePlan tones = TonePlan.of(country);
        if (tones == null) {
            throw new IllegalArgumentException("no tone plan for country " + country + "; known: "
                    + TonePlan.countries());
        }
        plan = new TonePlanRef(tones);
        InetAddress host = InetAddress.getByName(address);
        slots = new ArrayList<>();
        for (int port = firstPort + (firstPort & 1); port <= lastPort; port += 2) {
            DatagramChannel socket = DatagramChannel.open();
            try {
                socket.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
                socket.bind(new InetSocketAddress(host, port));
                socket.configureBlocking(false);
            } catch (IOException e) {
                log.warn("RTP port {}:{} not usable, skipped: {}", address, port, e.toString());
                socket.close();
                continue;
            }
            URI local = URI.create("rtp://" + host.getHostAddress() + ":" + port);
            slots.add(new PathSlot(socket, local, plan, minDepth, maxDepth));
        }
        if (slots.isEmpty()) {
            throw new IOException("no RTP port free in " + address + ":" + firstPort + "-" + lastPort);
        }
        log.info("voice paths: {} RTP ports on {} from {}, tones of {}", slots.size(), address, firstPort, country);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "audio-voice");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    public synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join(1000);
            thread = null;
        }
        for (PathSlot slot : slots) {
            try {
                slot.socket.close();
            } catch (IOException e) {
                log.debug("closing {}: {}", slot.local, e.toString());
            }
        }
    }

    /** Changes the country whose tones are played; tones already playing keep theirs. */
    public void country(String country) {
        TonePlan tones = TonePlan.of(country);
        if (tones == null) {
            throw new IllegalArgumentException("no tone plan for country " + country);
        }
        plan.set(tones);
    }

    /**
     * Raises the voice thread, before its grid starts, so that it wakes on time however busy the
     * CPUs are: a normal thread that sleeps 19 of every 20 ms still waits for a CPU behind busy
     * threads when it wakes.
     */
    private void raise() {
        if (realtimePriority == 0) {
            try {
                scheduling = Realtime.scheduling();
            } catch (IOException | RuntimeException e) {
                scheduling = "normal";
            }
            return;
        }
        try {
            scheduling = Realtime.raise(realtimePriority);
            log.info("voice thread runs {}", scheduling);
        } catch (IOException | RuntimeException e) {
            scheduling = "normal (SCHED_FIFO " + realtimePriority + " refused)";
            log.warn("voice thread stays at normal priority, SCHED_FIFO {} refused: {}", realtimePriority,
                    e.getMessage());
        }
    }

    private void run() {
        raise();
        long deadline = System.nanoTime();
        while (running) {
            deadline += PERIOD_NANOS;
            long now;
            while ((now = System.nanoTime()) < deadline && running) {
                LockSupport.parkNanos(deadline - now);
            }
            if (!running) {
                break;
            }
            long late = now - deadline;
            if (ticks >= SETTLE_TICKS) {
                lateness.recordValue(Math.min(MAX_LATENESS_MICROS, Math.max(0, late / 1000)));
            }
            if (late > 5 * PERIOD_NANOS) {
                // Stalled (a suspended process, a debugger): pick up the grid from now, not in a burst.
                deadline = now;
                resyncs++;
            }
            for (int i = 0; i < slots.size(); i++) {
                try {
                    slots.get(i).serve(now);
                } catch (RuntimeException e) {
                    log.error("{} voice path {} failed a tick", slots.get(i).call, slots.get(i).name, e);
                }
            }
            ticks++;
        }
    }

    @Override
    public AudioPath open(String name, DeviceChannel channel, Codec law) {
        for (PathSlot slot : slots) {
            synchronized (slot) {
                if (slot.state == PathSlot.FREE) {
                    slot.state = PathSlot.RESERVED;
                    int lease = leases.incrementAndGet();
                    slot.prepare(name, channel, law, lease);
                    slot.state = PathSlot.OPEN;
                    return new Handle(slot, lease);
                }
            }
        }
        throw new IllegalStateException("all " + slots.size() + " RTP ports are in use");
    }

    @Override
    public List<PathStats> paths() {
        List<PathStats> result = new ArrayList<>();
        for (PathSlot slot : slots) {
            if (slot.state == PathSlot.OPEN) {
                result.add(slot.stats());
            }
        }
        return result;
    }

    @Override
    public int active() {
        int count = 0;
        for (PathSlot slot : slots) {
            if (slot.state == PathSlot.OPEN) {
                count++;
            }
        }
        return count;
    }

    /** How many paths the socket pool allows. */
    public int capacity() {
        return slots.size();
    }

    /** The voice thread, for measuring it; null when stopped. */
    public Thread voiceThread() {
        return thread;
    }

    /** The voice thread's scheduling policy, such as {@code SCHED_FIFO 10}. */
    public String scheduling() {
        return scheduling;
    }

    public long ticks() {
        return ticks;
    }

    /** Times the grid was given up after a stall. */
    public long resyncs() {
        return resyncs;
    }

    /** The voice thread's lateness against the 20 ms grid since its first second, in microseconds. */
    public synchronized Histogram lateness() {
        total.add(lateness.getIntervalHistogram());
        return total.copy();
    }

    /** What the component hands out: a lease on a slot, void once the slot went to another user. */
    private static final class Handle implements AudioPath {

        private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f:.]+\\]?");

        private final PathSlot slot;
        private final int lease;

        Handle(PathSlot slot, int lease) {
            this.slot = slot;
            this.lease = lease;
        }

        private boolean mine() {
            return slot.lease == lease && slot.state == PathSlot.OPEN;
        }

        @Override
        public String name() {
            return slot.name;
        }

        @Override
        public URI local() {
            return slot.local;
        }

        @Override
        public void connect(String callId, URI remote, Codec codec, int eventPayloadType) {
            if (!"rtp".equals(remote.getScheme()) || remote.getHost() == null || remote.getPort() < 0
                    || !IP_LITERAL.matcher(remote.getHost()).matches()) {
                // Only an address, never a name: resolving one could block the caller on DNS.
                throw new IllegalArgumentException("not an RTP endpoint with an IP address: " + remote);
            }
            synchronized (slot) {
                if (mine()) {
                    // An IP literal, as SDP carries: resolving it does no look-up.
                    slot.call = callId == null ? "" : callId;
                    slot.remote = new InetSocketAddress(remote.getHost(), remote.getPort());
                    slot.codec = codec;
                    slot.eventPayloadType = eventPayloadType;
                    slot.generation++;
                }
            }
        }

        @Override
        public void tone(Tone tone) {
            if (mine()) {
                slot.tone = tone;
            }
        }

        @Override
        public void hold(boolean held) {
            if (mine()) {
                slot.held = held;
            }
        }

        @Override
        public void mute(boolean muted) {
            if (mine()) {
                slot.muted = muted;
            }
        }

        @Override
        public void channel(DeviceChannel channel) {
            synchronized (slot) {
                if (mine()) {
                    slot.device = java.util.Objects.requireNonNull(channel, "channel");
                }
            }
        }

        @Override
        public void dtmf(char digit) {
            if (Rtp.eventOf(digit) < 0) {
                throw new IllegalArgumentException("not a keypad digit: " + digit);
            }
            if (mine()) {
                slot.digits.offer(digit);
            }
        }

        @Override
        public PathStats stats() {
            return slot.stats();
        }

        @Override
        public void close() {
            synchronized (slot) {
                if (mine()) {
                    slot.state = PathSlot.CLOSING;
                }
            }
        }

        @Override
        public String toString() {
            return slot.name + " " + slot.local;
        }
    }
}
