package dialtone.hw.dect.link;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.FrameRing;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/**
 * The threads of one driver on one dongle: a reader that turns the link's bytes into events, and a
 * writer that turns queued commands into bytes. Where the revision carries voice, the reader also
 * fills each handset's inbound voice ring and the writer sends what the voice thread left in its
 * outbound one. Nothing here blocks its callers; every failure becomes an event, never an
 * exception out of the driver.
 */
public final class LinkPump {

    private static final Logger log = LoggerFactory.getLogger(LinkPump.class);
    private static final int RECEIVE_TIMEOUT_MS = 100;
    private static final DectCommand STOP = new DectCommand.Hello();
    /** Handset numbers are one byte on every revision. */
    private static final int HANDSETS = 256;
    /** 160 ms of voice each way: what the voice thread and a driver thread may be apart. */
    private static final int RING_FRAMES = 8;

    private final String name;
    private final UsbDevice device;
    private final FrameProtocol protocol;
    private final ConcurrentLinkedQueue<DectCommand> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicReferenceArray<HandsetVoice> voices = new AtomicReferenceArray<>(HANDSETS);
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong errorsIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private volatile long voiceIn;
    private volatile long voiceOut;
    private volatile Consumer<DectEvent> sink = event -> {
    };
    private volatile boolean running;
    private volatile DeviceLink link;
    private Thread reader;
    private volatile Thread writer;

    /** One handset's voice channel: rings between the driver's threads and the voice thread. */
    private final class HandsetVoice implements DeviceChannel {
        final int handset;
        final FrameRing in = new FrameRing(RING_FRAMES, FRAME);
        final FrameRing out = new FrameRing(RING_FRAMES, FRAME);
        /** The protocol refused its frames: they are dropped from then on. Writer thread only. */
        boolean refused;

        HandsetVoice(int handset) {
            this.handset = handset;
        }

        @Override
        public boolean read(byte[] frame) {
            return in.poll(frame);
        }

        @Override
        public void write(byte[] frame) {
            if (out.offer(frame, 0, frame.length)) {
                wakeWriter();
            }
        }
    }

    public LinkPump(String name, UsbDevice device, FrameProtocol protocol) {
        this.name = Objects.requireNonNull(name, "name");
        this.device = Objects.requireNonNull(device, "device");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** Starts the threads on the first call; every call sets where events go. */
    public synchronized void start(Consumer<DectEvent> events) {
        sink = Objects.requireNonNull(events, "events");
        if (running) {
            send(new DectCommand.Hello());
            return;
        }
        running = true;
        reader = new Thread(this::read, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Queues a command; never blocks. */
    public void send(DectCommand command) {
        outbox.offer(Objects.requireNonNull(command, "command"));
        wakeWriter();
    }

    /**
     * The voice channel of a handset, made on first use and kept for the pump's life; null when
     * the protocol carries no voice.
     */
    public DeviceChannel voice(int handset) {
        if (!protocol.carriesVoice()) {
            return null;
        }
        if (handset < 0 || handset >= HANDSETS) {
            throw new IllegalArgumentException("no handset " + handset);
        }
        if (voices.get(handset) == null) {
            voices.compareAndSet(handset, null, new HandsetVoice(handset));
        }
        return voices.get(handset);
    }

    private void wakeWriter() {
        Thread thread = writer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Stops both threads and closes the link, waiting a bounded time for them. */
    public void stop() {
        Thread r;
        Thread w;
        synchronized (this) {
            running = false;
            r = reader;
            w = writer;
        }
        send(STOP);
        DeviceLink l = link;
        if (l != null) {
            l.close();
        }
        join(r);
        join(w);
    }

    /** Frames in, errors in, frames out, voice frames each way: for the shell. */
    public String counters() {
        return framesIn.get() + " frames in, " + errorsIn.get() + " bad, " + framesOut.get() + " out"
                + (protocol.carriesVoice() ? ", voice " + voiceIn + " in, " + voiceOut + " out" : "");
    }

    private void read() {
        DeviceLink opened;
        try {
            opened = device.open();
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot open {}: {}", name, device.serial(), e.toString());
            running = false;
            sink.accept(new DectEvent.LinkLost("cannot open the dongle: " + e.getMessage()));
            return;
        }
        link = opened;
        synchronized (this) {
            if (!running) {
                opened.close();
                return;
            }
            writer = new Thread(this::write, name + "-writer");
            writer.setDaemon(true);
            writer.start();
        }
        send(new DectCommand.Hello());
        FrameProtocol.Decoder decoder = protocol.decoder(this::voiceIn);
        byte[] buffer = new byte[1024];
        Consumer<DectEvent> events = event -> {
            framesIn.incrementAndGet();
            sink.accept(event);
        };
        Consumer<String> errors = error -> {
            errorsIn.incrementAndGet();
            log.warn("{}: from the dongle: {}", name, error);
            sink.accept(new DectEvent.Failure(error));
        };
        try {
            while (running) {
                int n = opened.receive(buffer, RECEIVE_TIMEOUT_MS);
                if (n > 0) {
                    decoder.feed(buffer, 0, n, events, errors);
                } else {
                    decoder.idle(events, errors);
                }
            }
        } catch (IOException e) {
            if (running) {
                lost("link closed: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            log.error("{}: reader failed", name, e);
            lost("reader failed: " + e);
        }
    }

    /** A voice frame from the base, on the reader thread: into the handset's ring, if it has a channel. */
    private void voiceIn(int handset, byte[] bytes, int offset, int length) {
        HandsetVoice voice = handset >= 0 && handset < HANDSETS ? voices.get(handset) : null;
        if (voice != null) {
            voice.in.offer(bytes, offset, length);
            voiceIn++;
        }
    }

    private void write() {
        byte[] frame = new byte[DeviceChannel.FRAME];
        byte[] wire = new byte[FrameProtocol.VOICE_ROOM];
        try {
            while (running) {
                DectCommand command;
                while ((command = outbox.poll()) != null) {
                    if (command == STOP || !running) {
                        return;
                    }
                    byte[] bytes;
                    try {
                        bytes = protocol.encode(command);
                    } catch (IllegalArgumentException e) {
                        log.warn("{}: cannot send {}: {}", name, command, e.getMessage());
                        sink.accept(new DectEvent.Failure("cannot send " + command + ": " + e.getMessage()));
                        continue;
                    }
                    link.send(bytes, 0, bytes.length);
                    framesOut.incrementAndGet();
                }
                for (int handset = 0; handset < HANDSETS; handset++) {
                    HandsetVoice voice = voices.get(handset);
                    while (voice != null && voice.out.poll(frame)) {
                        sendVoice(voice, frame, wire);
                    }
                }
                // Every command and every voice frame unparks the writer; a permit given while it
                // was busy makes this return at once.
                LockSupport.park(this);
            }
        } catch (IOException e) {
            if (running) {
                lost("send failed: " + e.getMessage());
            }
        }
    }

    private void sendVoice(HandsetVoice voice, byte[] frame, byte[] wire) throws IOException {
        if (voice.refused) {
            return;
        }
        int n;
        try {
            n = protocol.encodeVoice(voice.handset, frame, wire);
        } catch (IllegalArgumentException e) {
            // Said once: the voice thread goes on writing 50 frames a second.
            voice.refused = true;
            log.warn("{}: no voice for handset {}: {}", name, voice.handset, e.getMessage());
            sink.accept(new DectEvent.Failure("no voice for handset " + voice.handset + ": " + e.getMessage()));
            return;
        }
        if (n > 0) {
            link.send(wire, 0, n);
            voiceOut++;
        }
    }

    private void lost(String why) {
        running = false;
        log.info("{}: {}", name, why);
        sink.accept(new DectEvent.LinkLost(why));
        send(STOP);
    }

    private static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
