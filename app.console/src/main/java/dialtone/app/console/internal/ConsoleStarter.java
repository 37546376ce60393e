package dialtone.app.console.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Gogo's interactive console (the {@code gosh} command of the Gogo shell bundle) on the
 * process's stdin and stdout when the framework property {@value #ENABLED} is true.
 *
 * <p>Why not the shell bundle's own start: it runs {@code gosh} through
 * {@link CommandSession#execute}, which makes the console a job, and Gogo 1.1 keeps every command
 * typed into it as a child of that job for as long as the console lives (about 45 KB each, the
 * buffers of its pipes' streams); a 64 MiB exchange ran out of memory after about 1 100 commands
 * in one console. Called as a function, as here, the console is no job, and each command's job
 * is dropped when it ends. {@code gosh.args=--nointeractive} keeps the shell bundle's own console
 * off (app.bndrun).
 */
@Component(immediate = true)
public final class ConsoleStarter {

    /** The framework property that turns the console on; off where stdin belongs to someone else (a test runner). */
    static final String ENABLED = "dialtone.console";

    private static final Logger log = LoggerFactory.getLogger(ConsoleStarter.class);

    /** The Gogo shell bundle registers its commands with the processor a moment after it starts. */
    private static final long GOSH_WAIT_MS = 5_000;

    private final CommandSession session;
    private final Thread thread;

    @Activate
    public ConsoleStarter(BundleContext context, @Reference CommandProcessor processor) {
        if (!Boolean.parseBoolean(context.getProperty(ENABLED))) {
            session = null;
            thread = null;
            return;
        }
        session = processor.createSession(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err));
        thread = new Thread(this::run, "console");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            Function gosh = awaitGosh();
            if (gosh == null) {
                log.error("console: the gogo:gosh command did not appear within {} ms; no console", GOSH_WAIT_MS);
                return;
            }
            // Returns when the console ends (end of input, or exit); a login console then stops the framework.
            gosh.execute(session, List.of("--login"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.error("console ended: {}", e.toString());
        }
    }

    private Function awaitGosh() throws InterruptedException {
        long deadline = System.nanoTime() + GOSH_WAIT_MS * 1_000_000;
        while (System.nanoTime() - deadline < 0) {
            if (session.get("gogo:gosh") instanceof Function gosh) {
                return gosh;
            }
            Thread.sleep(10);
        }
        return null;
    }

    @Deactivate
    void deactivate() {
        if (session != null) {
            session.close();
            thread.interrupt();
        }
    }
}
