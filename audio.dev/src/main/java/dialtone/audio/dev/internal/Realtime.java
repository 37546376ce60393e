package dialtone.audio.dev.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Puts the calling thread under the real-time policy SCHED_FIFO, where the OS permits (Linux, run
 * as root or with CAP_SYS_NICE). Java cannot set a scheduling policy itself, and its thread
 * priorities change nothing on Linux unless the JVM runs with {@code -XX:ThreadPriorityPolicy=1},
 * and even then only the nice value: a thread that only waits for its deadline still queues behind
 * every busy thread of the same nice level. So the thread asks util-linux {@code chrt} for itself,
 * by its kernel thread id, and reads the policy it got back from {@code /proc}.
 */
final class Realtime {

    /** The kernel's number for SCHED_FIFO, as {@code /proc/.../stat} shows it. */
    private static final int SCHED_FIFO = 1;
    private static final long CHRT_TIMEOUT_SECONDS = 5;

    private Realtime() {
    }

    /**
     * Raises the calling thread to SCHED_FIFO at {@code priority} (1-99). Blocks while {@code chrt}
     * runs: call it before the thread's real work starts.
     *
     * @return the thread's scheduling afterwards, such as {@code SCHED_FIFO 10}
     * @throws IOException when it could not be raised; the message says why
     */
    static String raise(int priority) throws IOException {
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) {
            throw new IOException("no /proc/thread-self: not Linux");
        }
        // "/proc/thread-self" links to "<pid>/task/<tid>".
        String tid = Files.readSymbolicLink(self).getFileName().toString();
        Process chrt = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), tid)
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = chrt.getInputStream()) {
            output = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
            if (!chrt.waitFor(CHRT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                chrt.destroyForcibly();
                throw new IOException("chrt did not finish in " + CHRT_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chrt.destroyForcibly();
            throw new IOException("interrupted waiting for chrt");
        }
        if (chrt.exitValue() != 0) {
            throw new IOException("chrt -f -p " + priority + " " + tid + " failed (" + chrt.exitValue() + "): " + output);
        }
        String scheduling = scheduling();
        if (!scheduling.equals("SCHED_FIFO " + priority)) {
            throw new IOException("chrt succeeded but the thread runs " + scheduling);
        }
        return scheduling;
    }

    /** The calling thread's policy and real-time priority, from {@code /proc/thread-self/stat}. */
    static String scheduling() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"), StandardCharsets.US_ASCII);
        // Fields after the command name, which is in parentheses and may hold spaces: the first is
        // field 3 (state); rt_priority is field 40 and policy field 41 (proc(5)).
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        int rtPriority = Integer.parseInt(fields[40 - 3]);
        int policy = Integer.parseInt(fields[41 - 3]);
        return switch (policy) {
        case 0 -> "SCHED_OTHER";
        case SCHED_FIFO -> "SCHED_FIFO " + rtPriority;
        case 2 -> "SCHED_RR " + rtPriority;
        default -> "policy " + policy + " priority " + rtPriority;
        };
    }
}
