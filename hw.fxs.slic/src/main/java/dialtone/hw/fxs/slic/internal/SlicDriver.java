package dialtone.hw.fxs.slic.internal;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.FrameRing;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.hw.fxs.FxsDriver;
import dialtone.hw.fxs.FxsEvent;
import dialtone.hw.fxs.FxsListener;
import dialtone.hw.fxs.slic.FrameReader;
import dialtone.hw.fxs.slic.Slic;
import dialtone.hw.usb.DeviceLink;

/**
 * One adapter speaking the SLIC protocol over its link. A reader thread turns frames into events
 * and fills each line's inbound voice ring; a writer thread sends queued commands and the frames
 * the voice thread left in each line's outbound ring. Commands only queue bytes and wake the writer.
 */
final class SlicDriver implements FxsDriver {

    private static final Logger log = LoggerFactory.getLogger(SlicDriver.class);
    private static final DateTimeFormatter MDMF_DATE = DateTimeFormatter.ofPattern("MMddHHmm");
    private static final int RING_FRAMES = 8;

    private final String adapter;
    private final String description;
    private final DeviceLink link;
    private final int ports;
    private final Line[] lines;
    private final ConcurrentLinkedQueue<byte[]> commands = new ConcurrentLinkedQueue<>();
    private volatile FxsListener listener;
    private volatile boolean running = true;
    private volatile Thread writer;

    /** One line's voice channel: rings between the driver's threads and the voice thread. */
    private final class Line implements DeviceChannel {
        final int port;
        final FrameRing in = new FrameRing(RING_FRAMES, FRAME);
        final FrameRing out = new FrameRing(RING_FRAMES, FRAME);
        volatile boolean voice;

        Line(int port) {
            this.port = port;
        }

        @Override
        public boolean read(byte[] frame) {
            return voice && in.poll(frame);
        }

        @Override
        public void write(byte[] frame) {
            if (voice && out.offer(frame, 0, frame.length)) {
                Thread thread = writer;
                if (thread != null) {
                    LockSupport.unpark(thread);
                }
            }
        }
    }

    SlicDriver(String adapter, String description, DeviceLink link, int ports) {
        this.adapter = adapter;
        this.description = description;
        this.link = link;
        this.ports = ports;
        this.lines = new Line[ports];
        for (int i = 0; i < ports; i++) {
            lines[i] = new Line(i);
        }
    }

    /** Starts the writer thread; the reader runs on the thread that calls {@link #read}. */
    void startWriter() {
        Thread thread = new Thread(this::write, "fxs-slic-" + adapter + "-out");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY - 1);
        writer = thread;
        thread.start();
    }

    /** Reads frames until the link fails or the driver stops. Runs on the adapter's reader thread. */
    void read(FrameReader reader) {
        byte[] buffer = new byte[4096];
        while (running) {
            int n;
            try {
                n = link.receive(buffer, 200);
            } catch (IOException e) {
                if (running) {
                    log.info("FXS adapter {}: link ended: {}", adapter, e.getMessage());
                }
                return;
            }
            reader.feed(buffer, 0, n, this::frame);
        }
    }

    private void frame(int type, int port, byte[] payload, int length) {
        if (type == Slic.PCM_IN) {
            if (port < ports) {
                lines[port].in.offer(payload, 0, length);
            }
            return;
        }
        FxsListener target = listener;
        if (port >= ports) {
            if (type == Slic.ERROR && length >= 2) {
                log.warn("FXS adapter {} refused command 0x{}: code {}", adapter,
                        Integer.toHexString(payload[0] & 0xFF), payload[1] & 0xFF);
            }
            return;
        }
        if (type == Slic.HOOK && length >= 5) {
            emit(target, new FxsEvent.Hook(port, payload[0] != 0, Slic.time(payload, 1)));
        } else if (type == Slic.DTMF && length >= 5) {
            char key = (char) (payload[0] & 0xFF);
            if ("0123456789*#ABCD".indexOf(key) >= 0) {
                emit(target, new FxsEvent.Dtmf(port, key, Slic.time(payload, 1)));
            }
        } else if (type == Slic.ERROR && length >= 2) {
            log.warn("FXS adapter {} port {} refused command 0x{}: code {}", adapter, port,
                    Integer.toHexString(payload[0] & 0xFF), payload[1] & 0xFF);
        }
    }

    private void emit(FxsListener target, FxsEvent event) {
        if (target != null) {
            target.event(event);
        } else {
            log.debug("FXS adapter {}: {} before anyone listened", adapter, event);
        }
    }

    private void write() {
        byte[] pcm = new byte[Slic.HEADER + DeviceChannel.FRAME];
        byte[] frame = new byte[DeviceChannel.FRAME];
        while (running) {
            try {
                byte[] command;
                while ((command = commands.poll()) != null) {
                    link.send(command, 0, command.length);
                }
                for (Line line : lines) {
                    while (line.out.poll(frame)) {
                        Slic.header(pcm, Slic.PCM_OUT, line.port, DeviceChannel.FRAME);
                        System.arraycopy(frame, 0, pcm, Slic.HEADER, frame.length);
                        link.send(pcm, 0, pcm.length);
                    }
                }
            } catch (IOException e) {
                if (running) {
                    log.info("FXS adapter {}: cannot send: {}", adapter, e.getMessage());
                }
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private void command(byte[] frame) {
        commands.add(frame);
        Thread thread = writer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        link.close();
    }

    @Override
    public String adapter() {
        return adapter;
    }

    @Override
    public int ports() {
        return ports;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void listen(FxsListener newListener) {
        listener = newListener;
        // Ask again so the listener hears every line's hook state.
        command(Slic.frame(Slic.HELLO, Slic.ADAPTER));
    }

    @Override
    public void ring(int port, boolean on) {
        command(Slic.frame(Slic.RING, check(port), (byte) (on ? 1 : 0)));
    }

    @Override
    public void callerId(int port, CallerId callerId) {
        command(Slic.frame(Slic.CALLER_ID, check(port), Slic.mdmf(callerId, LocalDateTime.now().format(MDMF_DATE))));
    }

    @Override
    public void voice(int port, Codec law) {
        Line line = lines[check(port)];
        if (law == null) {
            line.voice = false;
            command(Slic.frame(Slic.VOICE_STOP, port));
        } else {
            line.voice = true;
            command(Slic.frame(Slic.VOICE_START, port,
                    (byte) (law == Codec.PCMA ? Slic.LAW_ALAW : Slic.LAW_ULAW)));
        }
    }

    @Override
    public DeviceChannel channel(int port) {
        return lines[check(port)];
    }

    private int check(int port) {
        if (port < 0 || port >= ports) {
            throw new IllegalArgumentException("adapter " + adapter + " has ports 0-" + (ports - 1) + ", not " + port);
        }
        return port;
    }

    @Override
    public String toString() {
        return "FXS adapter " + adapter;
    }
}
