package dialtone.repo.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's configuration, checked: a wrong value is refused with a log line naming its
 * field, and the default (or, for a URL, nothing) is used in its place.
 */
record Settings(List<URI> urls, Duration refreshPeriod, Path cacheDir, Path trustStore, char[] trustStorePassword,
        Duration bindTimeout, Duration fetchTimeout, boolean locate) {

    private static final Logger log = LoggerFactory.getLogger(Settings.class);

    static Settings of(DriverRepository.Config config) {
        List<URI> urls = new ArrayList<>();
        for (String text : config.urls().strip().split("\\s+")) {
            if (text.isEmpty()) {
                continue;
            }
            try {
                URI url = new URI(text);
                String scheme = url.getScheme();
                if (!"http".equals(scheme) && !"https".equals(scheme) && !"file".equals(scheme)) {
                    throw new URISyntaxException(text, "not an http, https or file URL");
                }
                urls.add(url);
            } catch (URISyntaxException e) {
                log.error("dialtone.repo: urls: '{}' refused: {}", text, e.getMessage());
            }
        }
        return new Settings(List.copyOf(urls),
                Duration.ofSeconds(within("refresh.period", config.refresh_period(), 0, 7 * 24 * 3600, 3600)),
                Path.of(config.cache_dir()).toAbsolutePath(),
                Path.of(config.truststore()).toAbsolutePath(),
                config.truststore_password().toCharArray(),
                Duration.ofMillis(within("bind.timeout", config.bind_timeout(), 100, 600_000, 5000)),
                Duration.ofMillis(within("fetch.timeout", config.fetch_timeout(), 100, 600_000, 10_000)),
                config.locate());
    }

    private static int within(String field, int value, int min, int max, int fallback) {
        if (value < min || value > max) {
            log.error("dialtone.repo: {}: {} refused (allowed {} to {}); using {}", field, value, min, max, fallback);
            return fallback;
        }
        return value;
    }
}
