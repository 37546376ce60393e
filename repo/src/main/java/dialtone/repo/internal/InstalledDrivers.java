package dialtone.repo.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drivers the repository installed, per bundle name the versions in the order they were
 * installed (the last one runs; the ones before are what {@code repo:rollback} goes back to), with
 * the verified jars kept in the cache folder. Written atomically after every change, read at
 * start so installed drivers come back after a restart. Used on the repository thread only.
 */
final class InstalledDrivers {

    /** One installed version and the SHA-256 its cached jar must still have. */
    record Installed(Version version, String sha256) {
        @Override
        public String toString() {
            return version + ":" + sha256;
        }

        static Installed parse(String text) {
            int colon = text.lastIndexOf(':');
            return new Installed(Version.parseVersion(text.substring(0, colon)), text.substring(colon + 1));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(InstalledDrivers.class);

    private final Path folder;
    private final Path file;
    private final Map<String, List<Installed>> drivers = new TreeMap<>();

    InstalledDrivers(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder.resolve("bundles"));
        this.file = folder.resolve("installed.properties");
        load();
    }

    /** Where the verified jar of a version lives. */
    Path jar(String name, Version version) {
        return folder.resolve(name + "-" + version + ".jar");
    }

    /** The version that should run, if the repository installed one. */
    Optional<Installed> current(String name) {
        List<Installed> versions = drivers.get(name);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The version before the current one, the target of a rollback. */
    Optional<Installed> previous(String name) {
        List<Installed> versions = drivers.get(name);
        return versions == null || versions.size() < 2 ? Optional.empty() : Optional.of(versions.get(versions.size() - 2));
    }

    Map<String, List<Installed>> all() {
        return Map.copyOf(drivers);
    }

    /** Records {@code version} as the one that runs now. */
    void pushed(String name, Installed version) throws IOException {
        List<Installed> versions = drivers.computeIfAbsent(name, n -> new ArrayList<>());
        versions.removeIf(v -> v.version().equals(version.version()));
        versions.add(version);
        save();
    }

    /** Forgets the current version: the previous one, or the image's own bundle, runs again. */
    void popped(String name) throws IOException {
        List<Installed> versions = drivers.get(name);
        if (versions != null && !versions.isEmpty()) {
            versions.remove(versions.size() - 1);
            if (versions.isEmpty()) {
                drivers.remove(name);
            }
        }
        save();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            log.error("the list of installed drivers {} cannot be read ({}); the image's drivers run", file, e.toString());
            return;
        }
        for (String name : properties.stringPropertyNames()) {
            List<Installed> versions = new ArrayList<>();
            try {
                for (String part : properties.getProperty(name).strip().split("\\s+")) {
                    versions.add(Installed.parse(part));
                }
                drivers.put(name, versions);
            } catch (RuntimeException e) {
                log.error("installed driver {} has a damaged entry '{}' in {}; skipped", name, properties.getProperty(name), file);
            }
        }
    }

    private void save() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write("# Driver bundles installed from repositories: name = version:sha256 ..., the last one runs.\n");
            for (Map.Entry<String, List<Installed>> entry : drivers.entrySet()) {
                StringBuilder line = new StringBuilder(entry.getKey()).append(" =");
                entry.getValue().forEach(v -> line.append(' ').append(v));
                out.write(line.append('\n').toString());
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
