package dialtone.itest;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

/**
 * A driver installed from a repository is still there after the exchange is stopped and started
 * again, with the repository gone: it comes back from the verified copy in the cache folder.
 */
public class DriverRestartIT {

    private static final String REV1 = "dialtone.hw.dect.rev1";

    @Test
    public void anUpdatedDriverSurvivesARestartWithoutItsRepository() throws Exception {
        Path repos = Paths.get(System.getProperty("dialtone.itest.repos", "target/repos")).toAbsolutePath();
        Path work = Files.createDirectories(Paths.get("target", "restart-" + System.nanoTime()).toAbsolutePath());
        Path etc = Files.createDirectories(work.resolve("etc"));
        Path trust = Paths.get(System.getProperty("dialtone.itest.keys", "../cnf/keys"), "trusted-test.p12").toAbsolutePath();

        try (RepoServer server = new RepoServer(repos)) {
            Files.writeString(etc.resolve("dialtone.repo.cfg"), String.join("\n",
                    "urls = " + server.url("newer/index.xml"),
                    "cache.dir = " + work.resolve("drivers"),
                    "truststore = " + trust,
                    "truststore.password = dialtone",
                    "refresh.period = 0", ""), StandardCharsets.UTF_8);
            try (ExchangeProcess exchange = new ExchangeProcess(work)) {
                exchange.runUntil("repo:list", "1 bundles, refreshed 2");
                exchange.run("emu:plug dect 1");
                exchange.runUntil("dect:base", "rev1 driver 1.1.0");
                String updated = exchange.run("repo:update " + REV1);
                assertTrue(updated, updated.contains("updated " + REV1 + " 1.2.0"));
                exchange.runUntil("dect:base", "rev1 driver 1.2.0");
            }
        }

        // The repository's server is gone; the exchange starts again from the same folder.
        try (ExchangeProcess exchange = new ExchangeProcess(work)) {
            exchange.run("emu:plug dect 1");
            exchange.runUntil("dect:base", "rev1 driver 1.2.0");
            String list = exchange.run("repo:list");
            assertTrue(list, list.contains("installed " + REV1 + " 1.2.0"));
            String history = exchange.run("repo:history");
            assertTrue(history, history.contains("UPDATED " + REV1 + " 1.2.0") && history.contains("RESTORED " + REV1 + " 1.2.0"));

            // Rolling back returns the dongle to the image's own driver, and the repository forgets 1.2.0.
            String rolledBack = exchange.run("repo:rollback " + REV1);
            assertTrue(rolledBack, rolledBack.contains("rolled back " + REV1 + " from 1.2.0 to the image's 1.1.0"));
            exchange.runUntil("dect:base", "rev1 driver 1.1.0");
            String after = exchange.run("repo:list");
            assertTrue(after, !after.contains("installed " + REV1));
        }
    }
}
