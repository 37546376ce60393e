package dialtone.repo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.hw.usb.UsbDevice;
import dialtone.repo.internal.History.Action;
import dialtone.repo.internal.InstalledDrivers.Installed;

/**
 * The driver repositories and the driver locator. Indexes are fetched from the configured URLs
 * and cached; when a device appears that no running driver declares it drives, the newest driver
 * for it in the repositories is fetched, checked (size, SHA-256, signature by a trusted key) and
 * installed as one step with rollback. Everything runs on the repository's own thread, one step
 * at a time; the shell waits for the step it asked for.
 */
@Component(service = DriverRepository.class, immediate = true, configurationPid = DriverRepository.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DriverRepository.Config.class)
public final class DriverRepository {

    static final String PID = "dialtone.repo";

    private static final Logger log = LoggerFactory.getLogger(DriverRepository.class);

    @ObjectClassDefinition(name = "Dialtone driver repository",
            description = "Where vendor driver bundles come from, and what they must pass to be installed.")
    public @interface Config {
        @AttributeDefinition(name = "Index URLs", description = "Repository index URLs (http, https or file), separated by spaces.")
        String urls() default "";

        @AttributeDefinition(name = "Refresh period (s)", description = "How often the indexes are fetched again; 0: only on repo:refresh.",
                min = "0")
        int refresh_period() default 3600;

        @AttributeDefinition(name = "Cache folder", description = "A writable folder for indexes, verified bundles and the history.")
        String cache_dir() default "data/drivers";

        @AttributeDefinition(name = "Trust store", description = "PKCS12 or JKS file holding the certificates of trusted driver signers.")
        String truststore() default "etc/drivers-trust.p12";

        @AttributeDefinition(name = "Trust store password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String truststore_password() default "";

        @AttributeDefinition(name = "Bind limit (ms)", description = "How long a new driver has to bind its devices before it is rolled back.")
        int bind_timeout() default 5000;

        @AttributeDefinition(name = "Fetch limit (ms)", description = "Connect and request limit for each download.")
        int fetch_timeout() default 10_000;

        @AttributeDefinition(name = "Locate drivers", description = "Install a driver from the repositories when a device has none.")
        boolean locate() default true;
    }

    /** One configured repository: its index as last read, and what went wrong last. */
    record RepoState(URI url, Instant refreshed, String error, List<IndexResource> resources) {
    }

    private final Settings settings;
    private final DriverInstaller installer;
    private final Download download;
    private final History history;
    private final InstalledDrivers installed;
    private final BundleContext context;
    private final ScheduledExecutorService worker;
    private final Map<Long, ServiceReference<UsbDevice>> devices = new ConcurrentHashMap<>();
    private final Map<Long, Long> pluggedAt = new ConcurrentHashMap<>();
    /** Steps the shell waits for, until they are answered. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    /** Repository thread only. */
    private final Map<URI, RepoState> repositories = new LinkedHashMap<>();

    @Activate
    public DriverRepository(Config config, BundleContext context, @Reference ServiceComponentRuntime scr) throws IOException {
        this.settings = Settings.of(config);
        this.context = context;
        Path cache = Files.createDirectories(settings.cacheDir());
        Files.createDirectories(cache.resolve("indexes"));
        this.installed = new InstalledDrivers(cache);
        this.history = new History(cache.resolve("history.log"));
        this.installer = new DriverInstaller(context, scr, settings.bindTimeout());
        this.download = new Download(settings.fetchTimeout());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "driver-repo");
            thread.setDaemon(true);
            return thread;
        });
        worker.execute(this::start);
        long period = settings.refreshPeriod().toSeconds();
        if (period > 0 && !settings.urls().isEmpty()) {
            worker.scheduleWithFixedDelay(this::refreshAll, period, period, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        // Steps still queued never run: their callers hear so now rather than at their time limit.
        for (CompletableFuture<?> step : pending) {
            step.completeExceptionally(new IllegalStateException("the driver repository is restarting; ask again"));
        }
        if (!worker.awaitTermination(settings.bindTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            log.warn("the driver repository's last step did not finish");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDevice(ServiceReference<UsbDevice> device) {
        long id = (Long) device.getProperty(Constants.SERVICE_ID);
        devices.put(id, device);
        pluggedAt.put(id, System.nanoTime());
        worker.execute(() -> locate(device));
    }

    void removeDevice(ServiceReference<UsbDevice> device) {
        long id = (Long) device.getProperty(Constants.SERVICE_ID);
        devices.remove(id);
        pluggedAt.remove(id);
    }

    // ---- what the shell asks, answered from the repository thread

    CompletableFuture<List<RepoState>> repositories() {
        return call(() -> List.copyOf(repositories.values()));
    }

    CompletableFuture<List<RepoState>> refresh() {
        return call(() -> {
            refreshAll();
            return List.copyOf(repositories.values());
        });
    }

    CompletableFuture<List<IndexResource>> search(String filter) {
        Filter parsed;
        try {
            parsed = FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("'" + filter + "' is not an LDAP filter: " + e.getMessage()));
        }
        return call(() -> resources().filter(r -> r.matches(parsed))
                .sorted(Comparator.comparing(IndexResource::name).thenComparing(IndexResource::version)).toList());
    }

    CompletableFuture<String> install(String name, String version) {
        return call(() -> {
            IndexResource resource = newest(name, version == null ? null : Version.parseVersion(version));
            return put(resource, Action.INSTALLED, "on request");
        });
    }

    CompletableFuture<String> update(String name) {
        return call(() -> {
            IndexResource resource = newest(name, null);
            Optional<Version> running = installer.bundles(name).stream().filter(DriverInstaller::isRunning)
                    .map(Bundle::getVersion).max(Comparator.naturalOrder());
            if (running.isPresent() && resource.version().compareTo(running.get()) <= 0) {
                return name + " " + running.get() + " is up to date (the repositories offer " + resource.version() + ")";
            }
            return put(resource, Action.UPDATED, running.map(v -> "from " + v).orElse("none ran"));
        });
    }

    CompletableFuture<String> rollback(String name) {
        return call(() -> rollbackNow(name));
    }

    List<History.Entry> history() {
        return history.entries();
    }

    // ---- repository thread

    private void start() {
        for (URI url : settings.urls()) {
            RepoState cached = new RepoState(url, null, "not fetched yet", List.of());
            Path file = indexFile(url);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    cached = new RepoState(url, Files.getLastModifiedTime(file).toInstant(), null, RepositoryIndex.parse(in, url));
                } catch (IOException | IndexException e) {
                    log.warn("the cached index of {} is unreadable and is fetched again: {}", url, e.getMessage());
                }
            }
            repositories.put(url, cached);
        }
        restore();
        refreshAll();
    }

    /** Puts back the drivers installed before the last stop, from the verified jars in the cache. */
    private void restore() {
        installed.all().forEach((name, versions) -> {
            Installed wanted = versions.get(versions.size() - 1);
            boolean runs = installer.bundles(name).stream()
                    .anyMatch(b -> DriverInstaller.isOurs(b) && DriverInstaller.isRunning(b) && b.getVersion().equals(wanted.version()));
            if (runs) {
                return;
            }
            try {
                Path jar = checkedJar(name, wanted);
                installer.replace(name, wanted.version(), jar, List.of());
                history.add(Action.RESTORED, name, wanted.version().toString(), "from the cache at start");
                log.info("driver {} {} restored from {}", name, wanted.version(), jar);
            } catch (Refusal | DriverInstaller.Failure e) {
                history.add(Action.FAILED, name, wanted.version().toString(), "not restored: " + e.getMessage());
                log.error("driver {} {} not restored: {}", name, wanted.version(), e.getMessage());
            }
        });
    }

    private void refreshAll() {
        for (URI url : settings.urls()) {
            RepoState before = repositories.get(url);
            try {
                Path file = indexFile(url);
                Path part = file.resolveSibling(file.getFileName() + ".part");
                download.fetch(url, part, 64L * 1024 * 1024);
                List<IndexResource> resources;
                try (InputStream in = Files.newInputStream(part)) {
                    resources = RepositoryIndex.parse(in, url);
                } catch (IndexException e) {
                    Files.deleteIfExists(part);
                    throw e;
                }
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                repositories.put(url, new RepoState(url, Instant.now(), null, resources));
                log.info("repository {}: {} resources", url, resources.size());
            } catch (IOException | IndexException e) {
                String why = e.getMessage();
                log.warn("repository {} not refreshed: {}", url, why);
                repositories.put(url, new RepoState(url, before == null ? null : before.refreshed(), why,
                        before == null ? List.of() : before.resources()));
            }
        }
    }

    private void locate(ServiceReference<UsbDevice> device) {
        long id = (Long) device.getProperty(Constants.SERVICE_ID);
        if (!settings.locate() || !devices.containsKey(id)) {
            return;
        }
        Filter filter = deviceFilter(device);
        String serial = String.valueOf(device.getProperty(UsbDevice.SERIAL));
        if (runningDriverFor(filter).isPresent()) {
            return;
        }
        Optional<IndexResource> driver = resources().filter(r -> r.drives(filter)).max(Comparator.comparing(IndexResource::version));
        if (driver.isEmpty()) {
            log.warn("device {} {} has no driver, neither installed nor in the repositories {}", serial, filter, settings.urls());
            return;
        }
        try {
            put(driver.get(), Action.INSTALLED, "for device " + serial);
            Long plugged = pluggedAt.get(id);
            log.info("device {} is served by {} {} ms after it appeared", serial, driver.get(),
                    plugged == null ? "?" : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - plugged));
        } catch (Refusal | DriverInstaller.Failure e) {
            log.error("device {} stays without a driver: {}", serial, e.getMessage());
        }
    }

    /** Fetches, checks and installs one resource as one step; refusals and failures are in the history. */
    private String put(IndexResource resource, Action action, String why) throws Refusal, DriverInstaller.Failure {
        String name = resource.name();
        String version = resource.version().toString();
        Path jar = installed.jar(name, resource.version());
        Path part = jar.resolveSibling(jar.getFileName() + ".part");
        try {
            fetchChecked(resource, part);
            Files.move(part, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (Refusal e) {
            deleteQuietly(part);
            history.add(Action.REFUSED, name, version, e.getMessage());
            log.error("driver {} {} from {} refused: {}", name, version, resource.url(), e.getMessage());
            throw e;
        } catch (IOException e) {
            deleteQuietly(part);
            throw new Refusal("cannot write to the cache folder: " + e.getMessage(), e);
        }
        try {
            installer.replace(name, resource.version(), jar, devicesDrivenBy(resource));
            installed.pushed(name, new Installed(resource.version(), resource.sha256()));
        } catch (DriverInstaller.Failure e) {
            history.add(Action.ROLLED_BACK, name, version, e.getMessage());
            log.error("driver {} {} rolled back: {}", name, version, e.getMessage());
            throw e;
        } catch (IOException e) {
            throw new DriverInstaller.Failure(name + " " + version + " runs, but the list of installed drivers cannot be written: " + e.getMessage());
        }
        history.add(action, name, version, why);
        log.info("driver {} {} {} from {} ({})", name, version, action.name().toLowerCase(), resource.url(), why);
        return action.name().toLowerCase().replace('_', ' ') + " " + name + " " + version;
    }

    private void fetchChecked(IndexResource resource, Path part) throws Refusal {
        Download.Fetched fetched;
        try {
            fetched = download.fetch(resource.url(), part, resource.size());
        } catch (IOException e) {
            throw new Refusal("download failed: " + e.getMessage(), e);
        }
        if (fetched.size() != resource.size()) {
            throw new Refusal("download cut: " + fetched.size() + " of " + resource.size() + " bytes arrived");
        }
        if (!fetched.sha256().equals(resource.sha256())) {
            throw new Refusal("SHA-256 differs from the index: the jar has " + fetched.sha256() + ", the index says " + resource.sha256());
        }
        trust().verify(part, resource.name(), resource.version());
    }

    private String rollbackNow(String name) throws Refusal, DriverInstaller.Failure, IOException {
        Installed current = installed.current(name)
                .orElseThrow(() -> new IllegalArgumentException(name + " was not installed from a repository; nothing to roll back"));
        Bundle running = installer.bundles(name).stream()
                .filter(b -> DriverInstaller.isOurs(b) && b.getVersion().equals(current.version())).findFirst().orElse(null);
        List<Long> served = running == null ? List.of()
                : installer.boundServices(running).stream().filter(devices::containsKey).toList();
        Optional<Installed> previous = installed.previous(name);
        String to;
        if (previous.isPresent()) {
            Path jar = checkedJar(name, previous.get());
            installer.replace(name, previous.get().version(), jar, served);
            to = previous.get().version().toString();
        } else {
            if (running != null) {
                installer.remove(running, served);
            }
            to = installer.bundles(name).stream().filter(b -> !DriverInstaller.isOurs(b)).findFirst()
                    .map(b -> "the image's " + b.getVersion()).orElse("none");
        }
        installed.popped(name);
        String why = "from " + current.version() + " to " + to + " on request";
        history.add(Action.ROLLED_BACK, name, current.version().toString(), why);
        log.info("driver {} rolled back {}", name, why);
        return "rolled back " + name + " " + why.replace(" on request", "");
    }

    /** The cached jar of an installed version, checked again: the cache is on writable flash. */
    private Path checkedJar(String name, Installed version) throws Refusal {
        Path jar = installed.jar(name, version.version());
        try {
            String sha = Download.sha256(jar);
            if (!sha.equals(version.sha256())) {
                throw new Refusal("the cached jar " + jar + " changed since it was installed");
            }
        } catch (IOException e) {
            throw new Refusal("the cached jar " + jar + " cannot be read: " + e.getMessage(), e);
        }
        trust().verify(jar, name, version.version());
        return jar;
    }

    private JarTrust trust() throws Refusal {
        try {
            return JarTrust.load(settings.trustStore(), settings.trustStorePassword());
        } catch (IOException e) {
            throw new Refusal("no trusted signers: " + e.getMessage(), e);
        }
    }

    private IndexResource newest(String name, Version version) {
        return resources().filter(r -> r.name().equals(name) && (version == null || r.version().equals(version)))
                .max(Comparator.comparing(IndexResource::version))
                .orElseThrow(() -> new IllegalArgumentException("no " + name + (version == null ? "" : " " + version)
                        + " in the repositories " + settings.urls()));
    }

    private java.util.stream.Stream<IndexResource> resources() {
        return repositories.values().stream().flatMap(s -> s.resources().stream());
    }

    /** Service ids of the plugged devices the resource declares it drives. */
    private Collection<Long> devicesDrivenBy(IndexResource resource) {
        return devices.entrySet().stream().filter(e -> resource.drives(deviceFilter(e.getValue())))
                .map(Map.Entry::getKey).collect(Collectors.toList());
    }

    /** A running bundle that declares it drives devices matching the filter. */
    private Optional<Bundle> runningDriverFor(Filter filter) {
        return Arrays.stream(context.getBundles()).filter(DriverInstaller::isRunning).filter(b -> {
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision == null) {
                return false;
            }
            for (BundleCapability capability : revision.getDeclaredCapabilities(IndexResource.DRIVER_NAMESPACE)) {
                if (filter.matches(capability.getAttributes())) {
                    return true;
                }
            }
            return false;
        }).findFirst();
    }

    /** The filter a driver capability must match to drive this device. */
    static Filter deviceFilter(ServiceReference<UsbDevice> device) {
        // A driver that names no revision drives them all.
        String text = "(&(" + UsbDevice.VENDOR + "=" + device.getProperty(UsbDevice.VENDOR) + ")(" + UsbDevice.PRODUCT + "="
                + device.getProperty(UsbDevice.PRODUCT) + ")(|(" + UsbDevice.REVISION + "=" + device.getProperty(UsbDevice.REVISION)
                + ")(!(" + UsbDevice.REVISION + "=*))))";
        try {
            return FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("device properties make no filter: " + text, e);
        }
    }

    private Path indexFile(URI url) {
        String key = HexFormat.of().formatHex(Download.sha256().digest(url.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        return settings.cacheDir().resolve("indexes").resolve(key + ".xml");
    }

    private <T> CompletableFuture<T> call(Callable<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((value, failure) -> pending.remove(result));
        try {
            worker.execute(() -> {
                try {
                    result.complete(step.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the driver repository is stopping"));
        }
        return result;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    /** How long the shell waits for a step: a download, the bind limit, and some slack. */
    long stepLimitMillis() {
        return settings.fetchTimeout().toMillis() * 2 + settings.bindTimeout().toMillis() + 10_000;
    }

    Map<String, List<Installed>> installedDrivers() {
        return installed.all();
    }
}
