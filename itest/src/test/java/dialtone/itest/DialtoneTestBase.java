package dialtone.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dialtone.core.call.Call;
import dialtone.core.call.CallCore;
import dialtone.core.call.CallerId;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;

/**
 * Boots the bundles of the exported runtime ({@code target/app.jar}), the same set a user runs, in
 * Felix. Subclasses add options of their own with {@link #extraOptions()}.
 */
public abstract class DialtoneTestBase {

    @Inject
    protected BundleContext context;

    @Inject
    protected CallCore core;

    @Inject
    protected CommandProcessor shell;

    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>();
        for (Path bundle : runtimeBundles()) {
            options.add(bundle(bundle.toUri().toString()));
        }
        options.add(junitBundles());
        Path etc = configFolder();
        // Each test class keeps its phonebook store under target, not in the working directory.
        Path phonebook = etc.resolve("dialtone.store.phonebook.cfg");
        if (!Files.exists(phonebook)) {
            Path data = Paths.get(System.getProperty("dialtone.itest.dir", "target"), "data-" + getClass().getSimpleName());
            Files.writeString(phonebook, "data.dir = " + data.toAbsolutePath().toString().replace('\\', '/') + "\n");
        }
        // The shell must not read stdin: in a forked test JVM that is the test runner's command channel.
        options.add(systemProperty("gosh.args").value("--nointeractive"));
        options.add(systemProperty("felix.fileinstall.dir").value(etc.toString()));
        options.add(systemProperty("felix.fileinstall.filter").value(".*\\.cfg"));
        options.add(systemProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(systemProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"));
        options.add(systemProperty("org.slf4j.simpleLogger.dateTimeFormat").value("HH:mm:ss.SSS"));
        options.add(systemProperty("org.slf4j.simpleLogger.showShortLogName").value("true"));
        options.addAll(List.of(extraOptions()));
        return options(options.toArray(Option[]::new));
    }

    /** The folder FileInstall reads for this test class, made if missing. */
    protected Path configFolder() {
        Path etc = Paths.get(System.getProperty("dialtone.itest.dir", "target"), "etc-" + getClass().getSimpleName());
        try {
            return Files.createDirectories(etc);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes one configuration file of this test class, e.g. from {@link #extraOptions()} before the framework starts. */
    protected void writeConfig(String file, String text) {
        try {
            Files.writeString(configFolder().resolve(file), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** More options for one test class (system properties, test bundles). */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /**
     * The bundles inside the exported jar, unpacked once per build. The framework itself and the
     * launcher are left out: Pax Exam brings the same Felix from the test class path.
     */
    static synchronized List<Path> runtimeBundles() throws IOException {
        Path app = Paths.get(System.getProperty("dialtone.app", "../target/app.jar"));
        Path dir = Paths.get(System.getProperty("dialtone.itest.dir", "target"), "runtime-bundles");
        List<Path> bundles = new ArrayList<>();
        try (ZipFile zip = new ZipFile(app.toFile())) {
            Files.createDirectories(dir);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith("jar/") || !name.endsWith(".jar") || name.contains("org.apache.felix.framework")
                        || name.contains("biz.aQute.launcher")) {
                    continue;
                }
                Path target = dir.resolve(name.substring(4));
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                bundles.add(target);
            }
        } catch (IOException e) {
            throw new IOException("cannot read the runtime from " + app.toAbsolutePath()
                    + " (run the build from the root so it is exported first)", e);
        }
        return bundles;
    }

    /** Runs a query on the call-core thread and waits for its answer. */
    protected <T> T onLoop(Supplier<T> query) throws Exception {
        return core.query(query).get(5, TimeUnit.SECONDS);
    }

    /** Places a call from {@code caller}, as {@code from}, to {@code number} on {@code line}, as a phone dialling out would. */
    protected void callOut(TestParticipant caller, CallerId from, String number, Participant line) throws Exception {
        Offer offer = new Offer(from, number, caller.media());
        Call call = onLoop(() -> core.calls().place(caller, offer, List.of(line)));
        caller.useLeg(call.origin());
    }

    /** The participant service the exchange publishes for a subscribed DECT handset. */
    protected Participant handset(int number) throws Exception {
        return await(() -> {
            var found = context.getServiceReferences(Participant.class, "(participant.name=dect/" + number + ")");
            return found.isEmpty() ? null : context.getService(found.iterator().next());
        }, "handset " + number + " published");
    }

    /** The installed bundle of this symbolic name. */
    protected Bundle installed(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** Waits until every message posted before this call has been handled. */
    protected void drain() throws Exception {
        onLoop(() -> Boolean.TRUE);
    }

    /** Runs a Gogo command line as a user would type it and returns what it prints. */
    protected String shell(String commandLine) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            CommandSession session = shell.createSession(InputStream.nullInputStream(), print, print);
            Object result = session.execute(commandLine);
            if (result != null) {
                print.println(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
            }
            session.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Runs a shell command until its output no longer contains {@code unexpected}, for at most 5 s. */
    protected void awaitShellWithout(String command, String unexpected) throws Exception {
        await(() -> shell(command).contains(unexpected) ? null : Boolean.TRUE, command + " no longer shows '" + unexpected + "'");
    }

    /** Runs a shell command until its output contains {@code expected}, for at most 5 s. */
    protected String awaitShell(String command, String expected) throws Exception {
        String[] last = { "" };
        try {
            return await(() -> {
                last[0] = shell(command);
                return last[0].contains(expected) ? last[0] : null;
            }, command + " shows '" + expected + "'");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last output:\n" + last[0]);
        }
    }

    /** Polls {@code probe} until it answers non-null, for at most 5 s. */
    protected static <T> T await(Callable<T> probe, String what) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
