package dialtone.store.phonebook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import dialtone.store.phonebook.CallKind;

/** A wrong configuration value is refused by name and its default kept; the rest still applies. */
public class ConfigurationTest {

    private static PhonebookComponent.Config config(String dir, String country, String area, int missed) {
        return new PhonebookComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PhonebookComponent.Config.class;
            }

            @Override
            public String data_dir() {
                return dir;
            }

            @Override
            public String country() {
                return country;
            }

            @Override
            public String area_code() {
                return area;
            }

            @Override
            public int history_limit_missed() {
                return missed;
            }

            @Override
            public int history_limit_received() {
                return 7;
            }

            @Override
            public int history_limit_dialed() {
                return 100;
            }

            @Override
            public int history_limit_rejected() {
                return 100;
            }
        };
    }

    @Test
    public void goodValuesAreTaken() {
        List<String> refused = new ArrayList<>();
        StoreSettings settings = PhonebookComponent.settings(config("/var/lib/dialtone", "at", "01", 50), refused);
        assertEquals(List.of(), refused);
        assertEquals(Path.of("/var/lib/dialtone", "phonebook.db"), settings.file());
        assertEquals("at", settings.country());
        assertEquals("01", settings.areaCode());
        assertEquals(50, (int) settings.limits().get(CallKind.MISSED));
        assertEquals(7, (int) settings.limits().get(CallKind.RECEIVED));
    }

    @Test
    public void eachWrongValueIsRefusedByNameAndTheRestKept() {
        List<String> refused = new ArrayList<>();
        StoreSettings settings = PhonebookComponent.settings(config("data", "Germany", "0x30", 0), refused);
        assertEquals(3, refused.size());
        assertTrue(refused.get(0), refused.get(0).startsWith("configuration country = Germany refused"));
        assertTrue(refused.get(1), refused.get(1).startsWith("configuration area.code = 0x30 refused"));
        assertTrue(refused.get(2), refused.get(2).startsWith("configuration history.limit.missed = 0 refused"));
        assertEquals("DE", settings.country());
        assertEquals("", settings.areaCode());
        assertEquals(StoreSettings.DEFAULT_LIMIT, (int) settings.limits().get(CallKind.MISSED));
        assertEquals(7, (int) settings.limits().get(CallKind.RECEIVED));
    }
}
