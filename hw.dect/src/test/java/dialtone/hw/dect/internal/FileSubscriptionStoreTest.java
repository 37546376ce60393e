package dialtone.hw.dect.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dialtone.core.call.Codec;
import dialtone.hw.dect.Subscription;

/** Subscriptions survive a restart in the file, and a damaged entry costs only itself. */
public class FileSubscriptionStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void whatWasSavedIsReadBackByTheNextStart() throws Exception {
        Path file = folder.getRoot().toPath().resolve("var/handsets.properties");
        List<Subscription> saved = List.of(
                new Subscription(1, "2DEC700001", "Hall", List.of(Codec.G722, Codec.PCMA, Codec.PCMU)),
                new Subscription(3, "2DEC700006", "Küche = Kitchen", List.of(Codec.PCMA, Codec.PCMU)));
        FileSubscriptionStore store = new FileSubscriptionStore(file);
        assertEquals(List.of(), store.load());
        store.save(saved);
        store.flush();
        store.deactivate();
        assertEquals(saved, new FileSubscriptionStore(file).load());
    }

    @Test
    public void aDamagedEntryIsSkippedAndTheOthersKept() throws Exception {
        Path file = folder.newFile("handsets.properties").toPath();
        Files.writeString(file, String.join("\n", "handset.1.ipui=2DEC700001", "handset.1.name=Hall",
                "handset.1.codecs=PCMA", "handset.2.ipui=not-an-ipui", "handset.2.name=Broken",
                "handset.x.name=ignored"));
        assertEquals(List.of(new Subscription(1, "2DEC700001", "Hall", List.of(Codec.PCMA))),
                new FileSubscriptionStore(file).load());
    }
}
