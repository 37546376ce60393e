package dialtone.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.Test;

/**
 * One console session lasts as long as the exchange runs. Thousands of commands typed into it
 * leave the exchange answering within its 64 MiB heap: started the Gogo shell bundle's own way,
 * the console kept every command it had run and the exchange ran out of memory after about 1 100.
 */
public class ConsoleIT {

    /** Each run is the command and the mark that ends its output: 3 000 commands in all. */
    private static final int RUNS = 1_500;

    @Test
    public void thousandsOfCommandsInOneConsoleLeaveTheExchangeAnswering() throws Exception {
        Path work = Files.createDirectories(Paths.get("target", "console-" + System.nanoTime()).toAbsolutePath());
        Files.createDirectories(work.resolve("etc"));
        try (ExchangeProcess exchange = new ExchangeProcess(work)) {
            for (int i = 1; i <= RUNS; i++) {
                String stats = exchange.run("stats:loop");
                assertTrue("command " + 2 * i + ": " + stats, stats.contains("inbox depth"));
            }
            String calls = exchange.run("call:list");
            assertTrue(calls, calls.contains("no calls"));
            assertFalse(exchange.output(), exchange.output().contains("OutOfMemoryError"));
        }
    }
}
