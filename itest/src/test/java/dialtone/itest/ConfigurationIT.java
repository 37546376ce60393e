package dialtone.itest;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Configuration files in the etc folder reach the components, and a wrong value is refused. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationIT extends DialtoneTestBase {

    private Path cfg() {
        return Paths.get(context.getProperty("felix.fileinstall.dir"), "dialtone.core.call.cfg");
    }

    private String awaitStats(String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String stats;
        do {
            stats = shell("stats:loop");
            if (stats.contains(expected)) {
                return stats;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("stats:loop never showed '" + expected + "':\n" + stats);
    }

    @Test
    public void anEditedFileChangesTheWatchdogLimitsWithoutARestart() throws Exception {
        awaitStats("handler limit   100 ms");
        Files.writeString(cfg(), "handler.limit.ms = 250\nstall.limit.ms = 3000\n");
        String stats = awaitStats("handler limit   250 ms");
        assertTrue(stats, stats.contains("stall limit     3000 ms"));

        // A wrong value is refused by name and its default kept; the other value still applies.
        Files.writeString(cfg(), "handler.limit.ms = 0\nstall.limit.ms = 2000\n");
        stats = awaitStats("stall limit     2000 ms");
        assertTrue(stats, stats.contains("handler limit   100 ms"));
    }
}
