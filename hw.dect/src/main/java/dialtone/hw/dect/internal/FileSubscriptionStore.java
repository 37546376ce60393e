package dialtone.hw.dect.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Codec;
import dialtone.hw.dect.Subscription;
import dialtone.hw.dect.SubscriptionStore;

/**
 * Keeps the subscriptions in a properties file until the phonebook store takes them over; its low
 * service ranking lets any other store win. Writes happen on its own thread, replacing the file
 * atomically, so a crash leaves either the old list or the new one.
 */
@Component(service = SubscriptionStore.class, configurationPid = FileSubscriptionStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = Constants.SERVICE_RANKING + ":Integer=-100")
@Designate(ocd = FileSubscriptionStore.Config.class)
public final class FileSubscriptionStore implements SubscriptionStore {

    static final String PID = "dialtone.hw.dect.store";
    private static final Logger log = LoggerFactory.getLogger(FileSubscriptionStore.class);

    @ObjectClassDefinition(name = "Dialtone DECT subscriptions file")
    public @interface Config {
        @AttributeDefinition(name = "File", description = "Where the handset subscriptions are kept; empty for "
                + "the bundle's own data area, which lasts only as long as the framework's storage.")
        String file() default "";
    }

    private final Path file;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dect-store");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public FileSubscriptionStore(Config config, BundleContext context) {
        this(where(config, context));
        log.info("dect: subscriptions kept in {}", file);
    }

    private static Path where(Config config, BundleContext context) {
        String configured = config.file().strip();
        if (!configured.isEmpty()) {
            try {
                return Path.of(configured);
            } catch (java.nio.file.InvalidPathException e) {
                log.error("configuration {}: file = '{}' refused: {}; using the bundle's data area", PID, configured,
                        e.getMessage());
            }
        }
        return context.getDataFile("handsets.properties").toPath();
    }

    FileSubscriptionStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(2, TimeUnit.SECONDS);
    }

    @Override
    public List<Subscription> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            log.error("dect: cannot read {}: {}; starting without subscriptions", file, e.toString());
            return List.of();
        }
        TreeSet<Integer> numbers = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            if (parts.length == 3 && parts[0].equals("handset")) {
                try {
                    numbers.add(Integer.parseInt(parts[1]));
                } catch (NumberFormatException e) {
                    log.warn("dect: {}: key {} ignored", file, key);
                }
            }
        }
        List<Subscription> result = new ArrayList<>();
        for (int number : numbers) {
            String prefix = "handset." + number + ".";
            try {
                List<Codec> codecs = new ArrayList<>();
                for (String codec : properties.getProperty(prefix + "codecs", "PCMA").split(",")) {
                    codecs.add(Codec.valueOf(codec.strip()));
                }
                result.add(new Subscription(number, properties.getProperty(prefix + "ipui", ""),
                        properties.getProperty(prefix + "name", "Handset " + number), codecs));
            } catch (IllegalArgumentException e) {
                log.warn("dect: {}: handset {} ignored: {}", file, number, e.getMessage());
            }
        }
        log.info("dect: {} subscriptions read from {}", result.size(), file);
        return result;
    }

    @Override
    public void save(List<Subscription> subscriptions) {
        List<Subscription> snapshot = List.copyOf(subscriptions);
        writer.execute(() -> write(snapshot));
    }

    private void write(List<Subscription> subscriptions) {
        Properties properties = new Properties();
        for (Subscription subscription : subscriptions) {
            String prefix = "handset." + subscription.handset() + ".";
            properties.setProperty(prefix + "ipui", subscription.ipui());
            properties.setProperty(prefix + "name", subscription.name());
            List<String> codecs = new ArrayList<>();
            subscription.codecs().forEach(codec -> codecs.add(codec.name()));
            properties.setProperty(prefix + "codecs", String.join(",", codecs));
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "DECT handset subscriptions");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("dect: cannot write {}: {}", file, e.toString());
        }
    }

    /** Waits until what was saved so far is written; for tests. */
    void flush() throws Exception {
        writer.submit(() -> null).get(2, TimeUnit.SECONDS);
    }
}
