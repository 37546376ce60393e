package dialtone.store.phonebook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.Contact;

/**
 * Every acknowledged write survives {@code kill -9}: a child JVM writes into the store and reports
 * each acknowledgement; it is killed with SIGKILL at a random moment, 20 times over the same file;
 * after each kill the store opens and holds every write that was acknowledged, in every run so far.
 */
public class CrashTest {

    private static final int KILLS = 20;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path file = folder.getRoot().toPath().resolve("data").resolve("phonebook.db");
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<Long, String> contacts = new HashMap<>();
        Map<Long, String> calls = new HashMap<>();
        int killedWhileWriting = 0;
        for (int round = 1; round <= KILLS; round++) {
            String context = "round " + round + " (seed " + seed + ")";
            // Half the kills land early (while opening, replaying the log, or at the first commits).
            long delayMs = round % 2 == 0 ? random.nextInt(500) : 400 + random.nextInt(800);
            boolean fromReady = round % 2 == 0;
            Child child = Child.start(file, round);
            if (fromReady) {
                assertTrue(context + ": child did not open the store within 20 s", child.ready.await(20, TimeUnit.SECONDS));
            }
            Thread.sleep(delayMs);
            boolean wasDone = child.done;
            child.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
            assertTrue(context + ": child did not die", child.process.waitFor(10, TimeUnit.SECONDS));
            child.reader.join(TimeUnit.SECONDS.toMillis(5));
            if (!wasDone && !child.acknowledged.isEmpty()) {
                killedWhileWriting++;
            }
            System.out.printf("%s: killed %d ms after %s, %d acknowledgements%s%n", context, delayMs,
                    fromReady ? "READY" : "start", child.acknowledged.size(), wasDone ? " (had finished)" : "");
            for (String line : child.acknowledged) {
                String[] parts = line.substring(0, line.length() - 2).split(" ", 3);
                (parts[0].equals("C") ? contacts : calls).put(Long.parseLong(parts[1]), parts[2]);
            }
            try (PhonebookStore store = new PhonebookStore(CrashWriter.settings(file))) {
                assertEquals(context + ": " + store.status().warnings(), List.of(), store.status().warnings());
                for (Map.Entry<Long, String> acked : contacts.entrySet()) {
                    Optional<Contact> found = store.contact(acked.getKey());
                    assertTrue(context + ": acknowledged contact " + acked + " lost", found.isPresent());
                    assertEquals(context, acked.getValue(), found.get().name());
                }
                for (Map.Entry<Long, String> acked : calls.entrySet()) {
                    Optional<CallRecord> found = store.get(acked.getKey());
                    assertTrue(context + ": acknowledged call " + acked + " lost", found.isPresent());
                    assertEquals(context, acked.getValue(), found.get().remote());
                }
            }
        }
        // The test means something only if kills did land in the middle of acknowledged writing.
        assertTrue("only " + killedWhileWriting + " kills landed while writing (seed " + seed + ")",
                killedWhileWriting >= KILLS / 4);
        assertTrue("too few acknowledged writes to prove anything: " + contacts.size() + " contacts, "
                + calls.size() + " calls", contacts.size() > 100 && calls.size() > 50);
    }

    /** The writer JVM and the acknowledgements it reported. */
    private static final class Child {
        final Process process;
        final List<String> acknowledged = new ArrayList<>();
        final CountDownLatch ready = new CountDownLatch(1);
        volatile boolean done;
        final Thread reader;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "crash-child-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path file, int round) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), file.toString(), Integer.toString(round));
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            return new Child(builder.start());
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.equals("DONE")) {
                        done = true;
                    } else if ((line.startsWith("C ") || line.startsWith("H ")) && line.endsWith(" $")) {
                        synchronized (acknowledged) {
                            acknowledged.add(line);
                        }
                    }
                }
            } catch (IOException e) {
                // The pipe breaks when the child is killed: what was read is what was acknowledged.
            }
        }
    }
}
