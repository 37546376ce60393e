package dialtone.notify.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

public class ParticipantDirectoryTest {

    private static Map<String, Object> service(long id, String name, String kind, String number) {
        return Map.of("service.id", id, "participant.name", name, "participant.kind", kind, "participant.number", number);
    }

    @Test
    public void aParticipantIsKnownByItsNameWhileItsServiceIsRegistered() {
        ParticipantDirectory directory = new ParticipantDirectory();
        directory.add(service(5, "dect/1", "handset", "11"));
        assertEquals(new ParticipantDirectory.Entry("handset", "11"), directory.get("dect/1"));
        directory.remove(service(5, "dect/1", "handset", "11"));
        assertEquals(ParticipantDirectory.UNKNOWN, directory.get("dect/1"));
    }

    @Test
    public void whenTwoServicesShareANameTheOneLeftIsStillKnown() {
        ParticipantDirectory directory = new ParticipantDirectory();
        directory.add(service(5, "line/home", "line", ""));
        directory.add(service(9, "line/home", "line", ""));
        directory.remove(service(5, "line/home", "line", ""));
        assertTrue(directory.get("line/home").isLine());
    }
}
