package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Vendor drivers from a repository served over HTTP on 127.0.0.1: a dongle with no installed
 * driver gets one, untrusted or damaged bundles are refused with nothing installed, and updates
 * that fail are rolled back while a call on another device goes on. Each test boots a fresh
 * exchange, since each one changes which driver bundles are installed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class DriverRepositoryIT extends DialtoneTestBase {

    private static final String REV1 = "dialtone.hw.dect.rev1";

    @Inject
    private ConfigurationAdmin configurations;

    private RepoServer server;
    private Path repos;
    private Path cache;

    /** The JDK's web server for the test; voice paths on ports of this test's own. */
    @Override
    protected Option[] extraOptions() {
        writeConfig("dialtone.audio.dev.cfg", "rtp.address = 127.0.0.1\nrtp.port.min = 26100\nrtp.port.max = 26163\n");
        return new Option[] { systemPackage("com.sun.net.httpserver") };
    }

    @Before
    public void serve() throws Exception {
        repos = Paths.get(System.getProperty("dialtone.itest.repos", "target/repos")).toAbsolutePath();
        assertTrue("the build publishes the test repositories in " + repos, Files.isDirectory(repos.resolve("project")));
        server = new RepoServer(repos);
        cache = Paths.get("target", "repo-cache", Long.toString(System.nanoTime())).toAbsolutePath();
    }

    @After
    public void stop() throws Exception {
        shell("emu:unplug dect");
        shell("emu:unplug fxs");
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void aDongleWhoseDriverIsMissingGetsItFromTheRepositoryAndIsUsable() throws Exception {
        image(REV1).uninstall();
        useRepository(server.url("project/index.xml").toString());
        String found = shell("repo:search '(&(usb.vendor=57031)(usb.revision=1))'");
        assertTrue(found, found.contains(REV1 + " ") && !found.contains("dialtone.hw.dect.rev2"));

        long plugged = System.nanoTime();
        assertTrue(shell("emu:plug dect 1").contains("revision 1"));
        awaitShell("dect:base", "revision 1, firmware R1-FW1.4");
        long usable = System.nanoTime();
        new EmulatedHandsets(this).openRegistration();
        shell("emu:hs 1 subscribe");
        awaitShell("dect:base", "handsets 1 subscribed, 1 reachable");
        System.out.printf("driver from the repository: plug to base usable %d ms, to a handset subscribed %d ms%n",
                (usable - plugged) / 1_000_000, (System.nanoTime() - plugged) / 1_000_000);

        Bundle installed = only(REV1);
        assertTrue(installed.getLocation(), installed.getLocation().startsWith("dialtone.repo:"));
        assertEquals(Bundle.ACTIVE, installed.getState());
        assertTrue(shell("repo:history").contains("INSTALLED " + REV1 + " " + installed.getVersion() + ": for device EMU-DECT-R1"));
        assertTrue(shell("repo:list").contains("installed " + REV1 + " " + installed.getVersion()));
    }

    @Test
    public void untrustedOrDamagedBundlesAreRefusedWithTheCheckThatFailedAndNothingInstalled() throws Exception {
        image(REV1).uninstall();
        assertRefused("unknown-key/index.xml", "signed by an unknown key");
        assertRefused("unsigned/index.xml", "not signed");
        assertRefused("cut/project/index.xml", "download");
        Path tampered = Files.createDirectories(repos.resolve("tampered"));
        String index = Files.readString(repos.resolve("project/index.xml"), StandardCharsets.UTF_8)
                .replaceAll("(name=\"osgi.content\" value=\")[0-9a-fA-F]{8}", "$1deadbeef")
                .replaceAll("value=\"(?=[^\"]*\\.jar\")", "value=\"../project/");
        Files.writeString(tampered.resolve("index.xml"), index, StandardCharsets.UTF_8);
        assertRefused("tampered/index.xml", "SHA-256 differs from the index");

        // An index that does not parse: the repository says so, and offers nothing.
        Path broken = Files.createDirectories(repos.resolve("broken"));
        Files.writeString(broken.resolve("index.xml"), "<repository xmlns=\"http://www.osgi.org/xmlns/repository/v1.0.0\"><resource>",
                StandardCharsets.UTF_8);
        useRepository(server.url("broken/index.xml").toString());
        assertTrue(shell("repo:list"), shell("repo:list").contains("does not parse"));
        assertTrue(attempt("repo:install " + REV1).contains("no " + REV1 + " in the repositories"));
        assertEquals(List.of(), named(REV1));
    }

    @Test
    public void anUpdateWhoseComponentFailsIsRolledBackWhileACallOnAnotherDeviceGoesOn() throws Exception {
        assertUpdateRolledBack("activation-fails/index.xml", "failed to activate");
    }

    @Test
    public void anUpdateWhoseDriverNeverBindsIsRolledBackWhileACallOnAnotherDeviceGoesOn() throws Exception {
        assertUpdateRolledBack("never-binds/index.xml", "did not bind device service");
    }

    private void assertUpdateRolledBack(String index, String why) throws Exception {
        Bundle image = image(REV1);
        shell("emu:plug dect 1");
        awaitShell("dect:base", "rev1 driver " + image.getVersion());
        callBetweenPhones();
        useRepository(server.url(index).toString());

        String answer = attempt("repo:update " + REV1);
        assertTrue(answer, answer.contains(why));
        assertEquals("the image's driver serves the dongle again", List.of(image), named(REV1));
        assertEquals(Bundle.ACTIVE, image.getState());
        awaitShell("dect:base", "rev1 driver " + image.getVersion());
        new EmulatedHandsets(this).openRegistration();
        shell("emu:hs 1 subscribe");
        awaitShell("dect:base", "handsets 1 subscribed, 1 reachable");
        assertTrue(shell("repo:history"), shell("repo:history").contains("ROLLED_BACK " + REV1));
        String ports = shell("fxs:ports");
        assertTrue("the call between the analog phones went on: " + ports,
                ports.contains("fxs/1 off-hook TALKING") && ports.contains("fxs/2 off-hook TALKING"));
        shell("emu:port 2 onhook");
        shell("emu:port 1 onhook");
    }

    /** Two analog phones on the emulated adapter talk through the exchange's own dial plan. */
    private void callBetweenPhones() throws Exception {
        shell("emu:plug fxs");
        awaitShell("fxs:ports", "fxs/2 on-hook");
        shell("emu:port 1 offhook");
        awaitShell("emu:port 1", "hears dial tone");
        shell("emu:port 1 dtmf '**92'");
        awaitShell("emu:port 2", "bell ringing");
        shell("emu:port 2 offhook");
        awaitShell("fxs:ports", "fxs/2 off-hook TALKING");
    }

    private void assertRefused(String index, String why) throws Exception {
        useRepository(server.url(index).toString());
        String answer = attempt("repo:install " + REV1);
        assertTrue(index + ": " + answer, answer.contains(why));
        assertEquals(index + " installs nothing", List.of(), named(REV1));
        String history = shell("repo:history");
        assertTrue(history, history.contains("REFUSED " + REV1));
        try (var cached = Files.list(cacheDir().resolve("bundles"))) {
            assertEquals(index + " leaves nothing in the cache", List.of(), cached.map(Path::getFileName).map(Path::toString)
                    .filter(n -> n.endsWith(".jar") || n.endsWith(".part")).toList());
        }
    }

    /** Points the repository at one index, with the test trust store and a fresh cache, and waits until it has read it. */
    private void useRepository(String url) throws Exception {
        Configuration configuration = configurations.getConfiguration("dialtone.repo", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("urls", url);
        properties.put("cache.dir", cacheDir().toString());
        properties.put("truststore", Paths.get(System.getProperty("dialtone.itest.keys", "../cnf/keys"), "trusted-test.p12")
                .toAbsolutePath().toString());
        properties.put("truststore.password", "dialtone");
        properties.put("bind.timeout", 3000);
        properties.put("refresh.period", 0);
        configuration.update(properties);
        // The repository restarts with its new configuration and fetches the index: on a busy
        // machine that can take longer than the shell's usual wait.
        long deadline = System.nanoTime() + 30_000_000_000L;
        String list;
        while (!((list = attempt("repo:list")).contains(url) && !list.contains("not fetched yet"))) {
            if (System.nanoTime() > deadline) {
                fail("the repository never read " + url + ": " + list);
            }
            Thread.sleep(50);
        }
    }

    /** What a command printed, or the error it ended with, as a user sees either. */
    private String attempt(String command) {
        try {
            return shell(command);
        } catch (Exception e) {
            return "error: " + e.getMessage();
        }
    }

    /** The repository's cache, fresh for each test. */
    private Path cacheDir() {
        return cache;
    }

    private Bundle image(String name) {
        List<Bundle> bundles = named(name);
        assertEquals("one " + name + " in the image", 1, bundles.size());
        assertFalse(bundles.get(0).getLocation().startsWith("dialtone.repo:"));
        return bundles.get(0);
    }

    private Bundle only(String name) {
        List<Bundle> bundles = named(name);
        if (bundles.size() != 1) {
            fail("expected one " + name + ", found " + bundles);
        }
        return bundles.get(0);
    }

    private List<Bundle> named(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).toList();
    }
}
