package dialtone.notify.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

/** The feed server with real TCP clients on loopback. */
public class FeedServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CALL_MONITOR = 27101;
    private static final int JSON = 27102;

    private final List<Socket> sockets = new ArrayList<>();
    private FeedServer server;

    private FeedServer start(int maxClients, int buffer, String... allow) throws IOException {
        List<AddressRange> ranges = new ArrayList<>();
        for (String range : allow) {
            ranges.add(AddressRange.parse(range));
        }
        server = new FeedServer(new FeedServer.Settings(LOOPBACK, CALL_MONITOR, JSON, maxClients, buffer, ranges));
        return server;
    }

    private Socket connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** A client; a receive buffer other than 0 is set before connecting (small: a stalled client shows soon). */
    private Socket connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(LOOPBACK, port), 2000);
        socket.setSoTimeout(5000);
        sockets.add(socket);
        return socket;
    }

    private void awaitClients(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.clients().get(2, TimeUnit.SECONDS).size() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " clients: " + server.clients().get());
            }
            Thread.sleep(10);
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection: the stream ends (after what was already sent) or is reset. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            while (in.read(buffer) >= 0) {
                // what was sent before the drop
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @After
    public void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    public void everyClientGetsEveryLineOfItsFeedInOrderAndWhatClientsSendIsIgnored() throws Exception {
        start(8, 65536, "127.0.0.0/8");
        Socket a = connect(CALL_MONITOR);
        Socket b = connect(CALL_MONITOR);
        Socket j = connect(JSON);
        awaitClients(3);
        byte[] noise = new byte[10_000];
        new Random(7).nextBytes(noise);
        a.getOutputStream().write(noise);
        a.getOutputStream().flush();
        for (int i = 0; i < 100; i++) {
            server.publish(i % 2 == 0 ? "cm" + i + "\r\n" : null, "{\"n\":" + i + "}\n");
        }
        for (Socket socket : List.of(a, b)) {
            BufferedReader in = reader(socket);
            for (int i = 0; i < 100; i += 2) {
                assertEquals("cm" + i, in.readLine());
            }
        }
        BufferedReader in = reader(j);
        for (int i = 0; i < 100; i++) {
            assertEquals("{\"n\":" + i + "}", in.readLine());
        }
        assertEquals(3, server.clients().get().size());
    }

    @Test
    public void aClientThatStopsReadingIsDroppedAndTheOthersGetEverything() throws Exception {
        // A buffer that holds a burst for a client that reads, but not the 2 MB sent here.
        start(8, 1024 * 1024, "127.0.0.0/8");
        Socket stalled = connect(JSON, 4096);
        Socket reading = connect(JSON);
        awaitClients(2);
        List<String> received = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                BufferedReader in = reader(reading);
                for (int i = 0; i < 10_000; i++) {
                    received.add(in.readLine());
                }
            } catch (IOException e) {
                received.add("failed: " + e);
            }
        });
        reader.start();
        String padding = "x".repeat(200);
        // Events come in bursts of a hundred (20 KB), as a busy exchange might send them.
        for (int i = 0; i < 10_000; i++) {
            server.publish(null, i + padding + "\n");
            if (i % 100 == 99) {
                Thread.sleep(5);
            }
        }
        reader.join(10_000);
        assertEquals(10_000, received.size());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i + padding, received.get(i));
        }
        awaitClients(1);
        assertTrue("the stalled client's connection is closed", closedByServer(stalled));
    }

    @Test
    public void connectionsPastTheLimitAreRefusedAndTheFirstOnesKeepWorking() throws Exception {
        start(2, 65536, "127.0.0.0/8");
        Socket first = connect(CALL_MONITOR);
        Socket second = connect(JSON);
        awaitClients(2);
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            flood.add(connect(i % 2 == 0 ? CALL_MONITOR : JSON));
        }
        for (Socket refused : flood) {
            assertTrue(closedByServer(refused));
        }
        server.publish("still here\r\n", "{}\n");
        assertEquals("still here", reader(first).readLine());
        assertEquals("{}", reader(second).readLine());
    }

    @Test
    public void aClientOutsideTheAllowListIsRefused() throws Exception {
        start(8, 65536, "192.168.0.0/16");
        Socket outside = connect(CALL_MONITOR);
        assertTrue(closedByServer(outside));
        assertEquals(0, server.clients().get().size());
    }
}
