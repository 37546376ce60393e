package dialtone.bench.voice;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

import dialtone.audio.dev.AudioPath;
import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.PathStats;
import dialtone.audio.dev.internal.VoiceEngine;
import dialtone.core.call.Codec;

/**
 * The voice thread under load: {@code PATHS} paths (default 8), each talking G.711 with an RTP echo
 * peer on loopback, for {@code SECONDS} (default 60) while another thread churns garbage. Prints
 * how late the voice thread woke against its 20 ms grid (p50, p99, p99.9, max) and how many bytes
 * it allocated per second once warmed up.
 * <p>
 * {@code java -cp bench/target/benchmarks.jar dialtone.bench.voice.VoiceBench [PATHS] [SECONDS] [CHURN_MB_S]};
 * a churn of 0 (the default) allocates as fast as one thread can.
 */
public final class VoiceBench {

    private static final int FIRST_PORT = 26200;
    private static final int ECHO_PORT = 26400;
    /** Long enough for the JIT to have compiled the voice path: before, a few hundred bytes come and go. */
    private static final int WARMUP_SECONDS = Integer.getInteger("voice.warmup", 20);
    /** SCHED_FIFO priority the voice thread asks for, as etc/dialtone.audio.dev.cfg sets it; 0 for none. */
    private static final int REALTIME_PRIORITY = Integer.getInteger("voice.realtime.priority", 10);

    /** A device that speaks a numbered frame every read and counts what it hears; allocation-free. */
    static final class Device implements DeviceChannel {
        private int spoken;
        volatile long heard;

        @Override
        public boolean read(byte[] frame) {
            spoken++;
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) (spoken + i);
            }
            return true;
        }

        @Override
        public void write(byte[] frame) {
            heard++;
        }
    }

    public static void main(String[] args) throws Exception {
        int paths = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int churnRate = args.length > 2 ? Integer.parseInt(args[2]) : 0;

        VoiceEngine engine = new VoiceEngine("127.0.0.1", FIRST_PORT, FIRST_PORT + 2 * paths - 1, "us", 2, 10,
                REALTIME_PRIORITY);
        engine.start();
        Echo echo = new Echo(paths);
        echo.start();
        List<AudioPath> open = new ArrayList<>();
        for (int i = 0; i < paths; i++) {
            AudioPath path = engine.open("bench/" + i, new Device(), Codec.PCMU);
            path.connect("bench" + i, URI.create("rtp://127.0.0.1:" + (ECHO_PORT + 2 * i)), Codec.PCMU, 101);
            open.add(path);
        }
        Churn churn = new Churn(churnRate);
        churn.start();

        Thread.sleep(WARMUP_SECONDS * 1000L);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        long voiceId = engine.voiceThread().getId();
        Histogram before = engine.lateness();
        long allocatedBefore = threads.getThreadAllocatedBytes(voiceId);
        long gcBefore = gcCount();
        long churnBefore = churn.bytes;
        long start = System.nanoTime();

        // The allocation of every 10 s window, to tell a one-time cost from a steady one.
        StringBuilder windows = new StringBuilder();
        long windowStart = allocatedBefore;
        for (int left = seconds; left > 0; left -= 10) {
            Thread.sleep(Math.min(10, left) * 1000L);
            long now = threads.getThreadAllocatedBytes(voiceId);
            windows.append(' ').append(now - windowStart);
            windowStart = now;
        }

        double elapsed = (System.nanoTime() - start) / 1e9;
        long allocated = threads.getThreadAllocatedBytes(voiceId) - allocatedBefore;
        Histogram lateness = engine.lateness();
        lateness.subtract(before);
        long gcs = gcCount() - gcBefore;
        double churned = (churn.bytes - churnBefore) / elapsed / 1e6;
        churn.running = false;

        long in = 0;
        long out = 0;
        long lost = 0;
        long late = 0;
        for (AudioPath path : open) {
            PathStats stats = path.stats();
            in += stats.packetsIn();
            out += stats.packetsOut();
            lost += stats.lost();
            late += stats.late();
        }
        System.out.printf(Locale.ROOT, "voice thread (%s), %d paths, %.0f s, garbage churn %.0f MB/s (%d GCs, %s), %s%n",
                engine.scheduling(), paths, elapsed, churned, gcs,
                ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(), Runtime.version());
        System.out.printf(Locale.ROOT, "JVM: %s%n", String.join(" ",
                ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.printf(Locale.ROOT, "lateness against the 20 ms grid: p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms"
                + "  (%d ticks)%n", lateness.getValueAtPercentile(50) / 1000.0, lateness.getValueAtPercentile(99) / 1000.0,
                lateness.getValueAtPercentile(99.9) / 1000.0, lateness.getMaxValue() / 1000.0,
                lateness.getTotalCount());
        System.out.printf(Locale.ROOT, "voice thread allocation: %d bytes in %.0f s = %.1f bytes/s%n", allocated,
                elapsed, allocated / elapsed);
        System.out.printf(Locale.ROOT, "voice thread allocation per 10 s, in bytes:%s%n", windows);
        System.out.printf(Locale.ROOT, "RTP: %d packets out, %d in, %d lost, %d late (all paths, since start)%n", out, in,
                lost, late);
        for (AudioPath path : open) {
            path.close();
        }
        echo.running = false;
        engine.stop();
        System.exit(0);
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /** The far ends: each echoes every RTP packet back to where it came from, as sipp's RTP echo does. */
    static final class Echo extends Thread {
        private final Selector selector;
        volatile boolean running = true;

        Echo(int paths) throws Exception {
            super("bench-echo");
            setDaemon(true);
            selector = Selector.open();
            for (int i = 0; i < paths; i++) {
                DatagramChannel channel = DatagramChannel.open();
                channel.bind(new InetSocketAddress("127.0.0.1", ECHO_PORT + 2 * i));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            }
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            try {
                while (running) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        DatagramChannel channel = (DatagramChannel) key.channel();
                        java.net.SocketAddress from;
                        while (true) {
                            buffer.clear();
                            from = channel.receive(buffer);
                            if (from == null) {
                                break;
                            }
                            buffer.flip();
                            channel.send(buffer, from);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    /** Allocates as fast as it can, keeping a window of arrays alive so they reach the old generation. */
    static final class Churn extends Thread {
        volatile boolean running = true;
        volatile long bytes;
        private final long bytesPerMilli;

        /** @param megabytesPerSecond how fast to allocate; 0 for as fast as it can */
        Churn(int megabytesPerSecond) {
            super("bench-churn");
            setDaemon(true);
            bytesPerMilli = megabytesPerSecond * 1000L;
        }

        @Override
        public void run() {
            Object[] keep = new Object[4096];
            long made = 0;
            int i = 0;
            java.util.Random random = new java.util.Random(1);
            long start = System.nanoTime();
            while (running) {
                if (bytesPerMilli > 0 && made > (System.nanoTime() - start) / 1_000_000 * bytesPerMilli) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                    continue;
                }
                int size = 64 + random.nextInt(16 * 1024);
                keep[i++ & (keep.length - 1)] = new byte[size];
                made += size;
                if ((i & 1023) == 0) {
                    bytes = made;
                }
            }
        }
    }
}
