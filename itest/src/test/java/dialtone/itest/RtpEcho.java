package dialtone.itest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An RTP peer on 127.0.0.1 that sends every packet back, and notes the RFC 4733 events it saw. */
final class RtpEcho implements AutoCloseable {

    private final DatagramChannel channel;
    private final List<Integer> events = new CopyOnWriteArrayList<>();
    private final List<Integer> payloadTypes = new CopyOnWriteArrayList<>();

    /** Binds the port and starts echoing at once. */
    RtpEcho(int port) throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", port));
        Thread thread = new Thread(this::run, "itest-rtp-echo-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        try {
            while (channel.isOpen()) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                if (buffer.remaining() >= 12) {
                    int type = buffer.get(1) & 0x7F;
                    if (!payloadTypes.contains(type)) {
                        payloadTypes.add(type);
                    }
                    if (buffer.remaining() >= 16 && type == 101) {
                        int event = buffer.get(12) & 0xFF;
                        if (events.isEmpty() || events.get(events.size() - 1) != event) {
                            events.add(event);
                        }
                    }
                }
                channel.send(buffer, from);
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    /** The RFC 4733 events seen, each run of one event once. */
    List<Integer> events() {
        return events;
    }

    /** The RTP payload types seen, in the order they first came. */
    List<Integer> payloadTypes() {
        return payloadTypes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
