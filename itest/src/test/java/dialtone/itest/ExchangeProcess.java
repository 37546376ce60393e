package dialtone.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exported runtime ({@code target/app.jar}) started as a user starts it, in its own working
 * folder, driven through its Gogo prompt on stdin. For what only a real stop and start can show.
 */
final class ExchangeProcess implements AutoCloseable {

    private static final long TIMEOUT_MS = 20_000;

    private final Process process;
    private final StringBuilder out = new StringBuilder();
    private int marks;

    ExchangeProcess(Path workingDir) throws IOException, InterruptedException {
        Path app = Paths.get(System.getProperty("dialtone.app", "../target/app.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", app.toString()));
        process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, "exchange-output");
        reader.setDaemon(true);
        reader.start();
        // What is typed before the first prompt may be lost.
        awaitOutput("g! ", 0);
    }

    private void read() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (out) {
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    out.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Runs one command line and returns what it printed. */
    String run(String commandLine) throws IOException, InterruptedException {
        String mark = "@@" + (++marks) + "@@";
        int from;
        synchronized (out) {
            from = out.length();
        }
        OutputStream in = process.getOutputStream();
        in.write((commandLine + "\necho " + mark + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        int end = awaitOutput(mark + "\n", from);
        synchronized (out) {
            return out.substring(from, end);
        }
    }

    /** Everything the exchange has printed so far. */
    String output() {
        synchronized (out) {
            return out.toString();
        }
    }

    /** Runs a command until its output contains {@code expected}, within the time limit. */
    String runUntil(String commandLine, String expected) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        String last;
        do {
            last = run(commandLine);
            if (last.contains(expected)) {
                return last;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("'" + commandLine + "' never showed '" + expected + "'; last:\n" + last);
    }

    private int awaitOutput(String text, int from) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        synchronized (out) {
            while (true) {
                int at = out.indexOf(text, from);
                if (at >= 0) {
                    return at;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError("the exchange never printed '" + text.strip() + "':\n" + out);
                }
                out.wait(Math.min(left, 200));
            }
        }
    }

    /** Stops the framework as a user does, from its shell, and waits for the process to end. */
    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            try {
                OutputStream in = process.getOutputStream();
                in.write("stop 0\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
