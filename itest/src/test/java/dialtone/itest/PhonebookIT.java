package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.Phonebook;

/** The phonebook and the call history in the real runtime: services, shell commands and the store file. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PhonebookIT extends DialtoneTestBase {

    @Inject
    private Phonebook phonebook;

    @Inject
    private CallHistory history;

    private static Path dataDir() {
        return Paths.get(System.getProperty("dialtone.itest.dir", "target"), "data-PhonebookIT").toAbsolutePath();
    }

    /** The store gets its own, empty directory and a Berlin area code before the framework starts. */
    @Override
    protected Option[] extraOptions() {
        try {
            Path etc = configFolder();
            // Start from an empty store: a previous run's contacts and calls would change the counts.
            if (Files.isDirectory(dataDir())) {
                try (java.util.stream.Stream<Path> files = Files.walk(dataDir())) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.writeString(etc.resolve("dialtone.store.phonebook.cfg"),
                    "data.dir = " + dataDir().toString().replace("\\", "/") + "\ncountry = DE\narea.code = 030\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Option[0];
    }

    /** Configuration arrives a moment after start; wait until the store runs on the configured file. */
    private void awaitConfiguredStore() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String status;
        do {
            status = shell("pb:status");
            if (status.contains(dataDir().resolve("phonebook.db").toString())) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the store never opened in " + dataDir() + ":\n" + status);
    }

    @Test
    public void theBundleAndItsLibrariesAreActive() {
        for (String name : new String[] { "dialtone.store.phonebook", "org.mapdb.mapdb",
                "com.googlecode.libphonenumber", "com.github.mangstadt.vinnie" }) {
            assertEquals(name, Bundle.ACTIVE, installed(name).getState());
        }
    }

    @Test
    public void aContactAddedInTheShellNamesCallersOnTheCallCoreThread() throws Exception {
        awaitConfiguredStore();
        String added = shell("pb:add -f \"Anna Schmidt\" \"home:030 1234567\" mobile:0170-5551234");
        assertTrue(added, added.contains("Anna Schmidt") && added.contains("(saved)"));
        for (String incoming : new String[] { "+49 30 1234567", "0049301234567", "030 1234567", "1234567" }) {
            // The look-up the call core makes when an INVITE arrives: synchronous, on its own thread.
            assertEquals(incoming, Optional.of("Anna Schmidt"),
                    onLoop(() -> phonebook.nameFor(incoming)));
        }
        String found = shell("pb:find ann");
        assertTrue(found, found.contains("Anna Schmidt"));
        found = shell("pb:find 0049301234567");
        assertTrue(found, found.contains("= ") && found.contains("Anna Schmidt"));
        String status = shell("pb:status");
        assertTrue(status, status.contains("warnings    none"));
        assertTrue(Files.exists(dataDir().resolve("phonebook.db")));
    }

    @Test
    public void aMissedCallIsListedWithTheCallersNameUntilSeen() throws Exception {
        awaitConfiguredStore();
        phonebook.add("Bernd Weber", List.of(ContactNumber.home("030 7654321")),
                false).acknowledged().toCompletableFuture().get(5, TimeUnit.SECONDS);
        CallRecord missed = CallRecord.of(CallKind.MISSED, Instant.now(), Duration.ZERO, "sip1", "handset 2",
                "+49307654321", "");
        // Recorded from the call-core thread, as the call core does when the caller cancels.
        onLoop(() -> history.record(missed)).acknowledged().toCompletableFuture().get(5, TimeUnit.SECONDS);
        String listed = shell("history:list missed");
        assertTrue(listed, listed.contains("Bernd Weber <+49307654321>") && listed.contains("NEW"));
        String seen = shell("history:seen");
        assertTrue(seen, seen.startsWith("marked 1 missed calls seen"));
        listed = shell("history:list missed");
        assertTrue(listed, !listed.contains("NEW"));
        String cleared = shell("history:clear missed");
        assertTrue(cleared, cleared.startsWith("cleared 1 missed calls"));
        assertEquals("no missed calls", shell("history:list missed").trim());
    }

    @Test
    public void theShellExportsAndImportsVCardsAndRefusesABrokenOne() throws Exception {
        awaitConfiguredStore();
        phonebook.add("Carla Export", List.of(ContactNumber.work("089 111222")),
                true).acknowledged().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Path vcf = dataDir().resolve("export.vcf");
        String exported = shell("pb:export -v 3.0 " + vcf);
        assertTrue(exported, exported.startsWith("exported"));
        String text = Files.readString(vcf);
        assertTrue(text, text.contains("FN:Carla Export") && text.contains("VERSION:3.0"));

        Path broken = dataDir().resolve("broken.vcf");
        Files.writeString(broken, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dora\r\nTEL;TYPE=HOME 030 999\r\nEND:VCARD\r\n");
        int before = phonebook.contacts().size();
        String refused = shell("pb:import " + broken);
        assertTrue(refused, refused.contains("line 4") && refused.contains("nothing imported"));
        assertEquals(before, phonebook.contacts().size());

        Path good = dataDir().resolve("good.vcf");
        Files.writeString(good, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dora Import\r\nTEL;TYPE=cell:0171 2223333\r\nEND:VCARD\r\n");
        String imported = shell("pb:import " + good);
        assertTrue(imported, imported.startsWith("imported 1 contacts") && imported.contains("(saved)"));
        assertEquals(Optional.of("Dora Import"), phonebook.nameFor("+491712223333"));
    }
}
