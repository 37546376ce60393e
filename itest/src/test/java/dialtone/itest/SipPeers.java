package dialtone.itest;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.TimeUnit;

/**
 * Starts the independently written SIP peers the tests talk to, kamailio and sipp, as child
 * processes on 127.0.0.1, and always stops them (close, or the JVM's exit). Every port is in
 * 25060-25299. Their configuration and logs go to {@code target/sip-peers/}.
 */
public final class SipPeers {

    public static final String HOST = "127.0.0.1";
    public static final int FIRST_PORT = 25060;
    public static final int LAST_PORT = 25299;

    private static final List<Process> started = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SipPeers::stopAll, "sip-peers-stop"));
    }

    private SipPeers() {
    }

    /** Where configurations, scenarios and logs go. */
    public static Path workDir() throws IOException {
        Path dir = Path.of(System.getProperty("dialtone.itest.dir", "target"), "sip-peers").toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** A test resource under {@code sip/}, read from the test class folder (the probe bundle may not carry it). */
    static byte[] resource(String name) throws IOException {
        Path file = Path.of(System.getProperty("dialtone.itest.dir", "target"), "test-classes", "sip", name);
        return Files.readAllBytes(file);
    }

    static void checkPort(int port) {
        if (port < FIRST_PORT || port > LAST_PORT) {
            throw new IllegalArgumentException("port " + port + " is outside " + FIRST_PORT + "-" + LAST_PORT);
        }
    }

    /** A running kamailio: registrar with digest auth for one user, and proxy towards a far end. */
    public static final class Kamailio implements AutoCloseable {
        private final Process process;
        public final int port;

        private Kamailio(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        /**
         * Starts kamailio on {@code port}, UDP and TCP: REGISTER for any user is challenged and
         * checked against {@code password} (usrloc in memory), INVITEs for {@code lineUser} go to
         * where it registered, other INVITEs are challenged too and go on to
         * 127.0.0.1:{@code farEndPort}. The digest user name must be {@code lineUser}.
         */
        public static Kamailio start(int port, String lineUser, String password, int farEndPort)
                throws IOException, InterruptedException {
            return start(port, lineUser, lineUser, password, farEndPort);
        }

        /** As above, with a digest user name apart from the number, as many providers have. */
        public static Kamailio start(int port, String lineUser, String authUser, String password, int farEndPort)
                throws IOException, InterruptedException {
            checkPort(port);
            checkPort(farEndPort);
            String template = new String(resource("kamailio.cfg"), StandardCharsets.UTF_8);
            String config = template.replace("@KAMAILIO_PORT@", Integer.toString(port))
                    .replace("@PASSWORD@", password).replace("@LINE_USER@", lineUser)
                    .replace("@AUTH_USER@", authUser).replace("@FAR_END_PORT@", Integer.toString(farEndPort));
            Path dir = workDir();
            Path file = dir.resolve("kamailio-" + port + ".cfg");
            Files.writeString(file, config);
            String kamailio = String.join(" ", "exec kamailio -f", file.toString(), "-DD -E -n 1 -m 256 -M 16 -P",
                    dir.resolve("kamailio-" + port + ".pid").toString(), "-w", dir.toString());
            // A watcher shell stops kamailio when this JVM ends, even if it ends without running its
            // shutdown hooks (a test run killed on timeout): kamailio never outlives the tests.
            String watched = "(" + kamailio + ") & k=$!; trap 'kill $k 2>/dev/null; exit 0' TERM INT; "
                    + "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null && kill -0 $k 2>/dev/null; "
                    + "do sleep 0.5; done; kill $k 2>/dev/null; wait $k";
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", watched);
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("kamailio-" + port + ".log").toFile());
            Process process = track(builder.start());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!isBound(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    stop(process);
                    throw new IOException("kamailio did not start on " + port + "; see " + dir);
                }
                Thread.sleep(50);
            }
            return new Kamailio(process, port);
        }

        @Override
        public void close() {
            stop(process);
        }
    }

    /** One sipp run of a scenario kept in the test resources under {@code sip/sipp/}. */
    public static final class Sipp implements AutoCloseable {
        private final Process process;
        private final Path log;

        private Sipp(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /**
         * Starts sipp with {@code scenario} on {@code localPort}; a client scenario calls
         * {@code service}@127.0.0.1:{@code remotePort} (pass 0 as remotePort for a server scenario).
         */
        public static Sipp start(String scenario, int localPort, int remotePort, String service, int calls,
                String... extra) throws IOException {
            checkPort(localPort);
            Path dir = workDir();
            Path file = dir.resolve(scenario);
            Files.write(file, resource("sipp/" + scenario));
            String name = scenario.replace(".xml", "") + "-" + localPort;
            List<String> command = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", HOST, "-p",
                    Integer.toString(localPort), "-m", Integer.toString(calls), "-nostdin", "-timeout", "30s",
                    "-timeout_error", "-recv_timeout", "10000", "-trace_err", "-trace_msg", "-error_file",
                    dir.resolve(name + "-errors.log").toString(), "-mp", Integer.toString(mediaPort(localPort))));
            if (service != null) {
                command.add("-s");
                command.add(service);
            }
            command.addAll(List.of(extra));
            if (remotePort > 0) {
                checkPort(remotePort);
                command.add(HOST + ":" + remotePort);
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            Path log = dir.resolve(name + ".log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = track(builder.start());
            return new Sipp(process, log);
        }

        /** Waits for sipp to end; its exit code is 0 only when every call went as the scenario says. */
        public int await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                return -1;
            }
            return process.exitValue();
        }

        /** The SIP messages sipp sent and received (its -trace_msg file), as written. */
        public String messages() throws IOException {
            String scenario = log.getFileName().toString().replaceFirst("-[0-9]+\\.log$", "");
            return Files.readString(log.resolveSibling(scenario + "_" + process.pid() + "_messages.log"),
                    StandardCharsets.ISO_8859_1);
        }

        /** What sipp wrote, for failure messages. */
        public String output() {
            try {
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
            } catch (IOException e) {
                return e.toString();
            }
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            stop(process);
        }
    }

    /** sipp's media port for a SIP port: 40 above it, still inside the range. */
    static int mediaPort(int sipPort) {
        int port = sipPort + 40;
        checkPort(port);
        return port;
    }

    /** Waits until a server scenario's port is taken, so a call is not sent before sipp listens. */
    public static void awaitBound(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isBound(port) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static boolean isBound(int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static synchronized Process track(Process process) {
        started.add(process);
        return process;
    }

    /** Ends a process this class started, its children first, by pid. */
    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (SipPeers.class) {
            started.remove(process);
        }
    }

    static synchronized void stopAll() {
        for (Process process : List.copyOf(started)) {
            stop(process);
        }
    }

}
