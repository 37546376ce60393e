package dialtone.store.phonebook.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.Phonebook;

/**
 * Runs the store while the bundle is active and offers it as the {@link Phonebook} and
 * {@link CallHistory} services. A changed configuration reopens the store (DS deactivates and
 * activates the component), so a new directory or country takes effect at once.
 */
@Component(service = { Phonebook.class, CallHistory.class }, immediate = true,
        configurationPid = PhonebookComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PhonebookComponent.Config.class)
public final class PhonebookComponent extends PhonebookStore {

    static final String PID = "dialtone.store.phonebook";

    private static final Logger log = LoggerFactory.getLogger(PhonebookComponent.class);

    static final String DEFAULT_COUNTRY = "DE";

    @ObjectClassDefinition(name = "Dialtone phonebook", description = "Where the phonebook is stored and how numbers are read.")
    public @interface Config {
        @AttributeDefinition(name = "Data directory",
                description = "Writable directory of the store file phonebook.db; relative to the working directory.")
        String data_dir() default "data";

        @AttributeDefinition(name = "Country", description = "ISO 3166 code of the country the exchange is in, e.g. DE.")
        String country() default DEFAULT_COUNTRY;

        @AttributeDefinition(name = "Area code",
                description = "The local area code (030 or 30 for Berlin): numbers without it are local. Empty for none.")
        String area_code() default "";

        @AttributeDefinition(name = "Missed calls kept", min = "1", max = "10000")
        int history_limit_missed() default StoreSettings.DEFAULT_LIMIT;

        @AttributeDefinition(name = "Received calls kept", min = "1", max = "10000")
        int history_limit_received() default StoreSettings.DEFAULT_LIMIT;

        @AttributeDefinition(name = "Dialled calls kept", min = "1", max = "10000")
        int history_limit_dialed() default StoreSettings.DEFAULT_LIMIT;

        @AttributeDefinition(name = "Rejected calls kept", min = "1", max = "10000")
        int history_limit_rejected() default StoreSettings.DEFAULT_LIMIT;
    }

    /**
     * Returns at once: the settings are checked (which loads the numbering plan) and the store
     * file read on the store's own thread, so the exchange's start does not wait for them. A
     * call to the services before that is done waits for it.
     */
    @Activate
    public PhonebookComponent(Config config) {
        this(config, new CopyOnWriteArrayList<>());
    }

    private PhonebookComponent(Config config, List<String> refused) {
        super(() -> settings(config, refused), refused, true);
    }

    @Deactivate
    void deactivate() {
        close();
    }

    /** Refuses each wrong value by name and keeps its default, so a typo never stops the exchange. */
    static StoreSettings settings(Config config, List<String> refused) {
        Path dir;
        try {
            dir = Path.of(config.data_dir().isBlank() ? "data" : config.data_dir().trim());
        } catch (InvalidPathException e) {
            dir = Path.of("data");
            refuse(refused, "data.dir", config.data_dir(), "not a path", "data");
        }
        String country = config.country() == null ? "" : config.country().trim();
        try {
            new NumberMatcher(country, "");
        } catch (IllegalArgumentException e) {
            refuse(refused, "country", country, e.getMessage(), DEFAULT_COUNTRY);
            country = DEFAULT_COUNTRY;
        }
        String area = config.area_code() == null ? "" : config.area_code().trim();
        try {
            new NumberMatcher(country, area);
        } catch (IllegalArgumentException e) {
            refuse(refused, "area.code", area, e.getMessage(), "none");
            area = "";
        }
        Map<CallKind, Integer> limits = new EnumMap<>(CallKind.class);
        limits.put(CallKind.MISSED, limit(refused, "history.limit.missed", config.history_limit_missed()));
        limits.put(CallKind.RECEIVED, limit(refused, "history.limit.received", config.history_limit_received()));
        limits.put(CallKind.DIALED, limit(refused, "history.limit.dialed", config.history_limit_dialed()));
        limits.put(CallKind.REJECTED, limit(refused, "history.limit.rejected", config.history_limit_rejected()));
        return new StoreSettings(dir.resolve("phonebook.db"), country, area, limits);
    }

    private static int limit(List<String> refused, String field, int value) {
        if (value >= 1 && value <= 10_000) {
            return value;
        }
        refuse(refused, field, value, "must be between 1 and 10000", StoreSettings.DEFAULT_LIMIT);
        return StoreSettings.DEFAULT_LIMIT;
    }

    private static void refuse(List<String> refused, String field, Object value, String why, Object used) {
        log.error("configuration {}: {} = {} refused: {}; using {}", PID, field, value, why, used);
        refused.add("configuration " + field + " = " + value + " refused (" + why + "); using " + used);
    }
}
