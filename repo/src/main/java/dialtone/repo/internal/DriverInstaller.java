package dialtone.repo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one driver bundle in place of whatever runs under its name, as one step that completes or
 * leaves the system as it was. The new bundle must resolve, its components must activate, and it
 * must bind every device it is meant to drive within the limit; otherwise it is uninstalled and
 * the bundles it replaced are started again. Blocking: runs on the repository thread.
 */
final class DriverInstaller {

    /** Location prefix of the bundles the repository installs, so they are told from the image's. */
    static final String LOCATION = "dialtone.repo:";

    private static final Logger log = LoggerFactory.getLogger(DriverInstaller.class);

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Duration bindLimit;

    DriverInstaller(BundleContext context, ServiceComponentRuntime scr, Duration bindLimit) {
        this.context = context;
        this.scr = scr;
        this.bindLimit = bindLimit;
    }

    /** Why a driver was not put in place; the system is as it was before. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** The bundles installed under {@code name}, the image's and the repository's. */
    List<Bundle> bundles(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).toList();
    }

    static boolean isRunning(Bundle bundle) {
        return (bundle.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
    }

    static boolean isOurs(Bundle bundle) {
        return bundle.getLocation().startsWith(LOCATION);
    }

    /**
     * Installs {@code jar} as {@code name} {@code version} in place of the running bundles of that
     * name. {@code devices} are the service ids of the devices it must bind.
     */
    Bundle replace(String name, Version version, Path jar, Collection<Long> devices) throws Failure {
        List<Bundle> running = bundles(name).stream().filter(DriverInstaller::isRunning).toList();
        for (Bundle bundle : running) {
            if (bundle.getVersion().equals(version)) {
                throw new Failure(name + " " + version + " already runs");
            }
        }
        List<Bundle> stopped = new ArrayList<>();
        Bundle fresh = null;
        try {
            for (Bundle bundle : running) {
                // Transient: the image's bundle is started again by the next launch, and by a rollback.
                bundle.stop(Bundle.STOP_TRANSIENT);
                stopped.add(bundle);
            }
            Bundle same = bundles(name).stream().filter(b -> b.getVersion().equals(version)).findFirst().orElse(null);
            if (same != null) {
                fresh = same; // installed but not running, such as the image's own copy of this version
            } else {
                try (InputStream in = Files.newInputStream(jar)) {
                    fresh = context.installBundle(LOCATION + name + "/" + version, in);
                }
                // A new bundle gets the launcher's default start level, which may be above the
                // framework's: it runs at the level of the bundle it replaces, or the first.
                int level = running.isEmpty() ? 1 : running.get(0).adapt(BundleStartLevel.class).getStartLevel();
                fresh.adapt(BundleStartLevel.class).setStartLevel(level);
            }
            try {
                fresh.start();
            } catch (BundleException e) {
                throw new Failure(name + " " + version + " does not start: " + e.getMessage());
            }
            awaitDevices(fresh, Set.copyOf(devices));
        } catch (Failure | IOException | BundleException | RuntimeException e) {
            String why = e instanceof Failure ? e.getMessage() : name + " " + version + ": " + e;
            undo(fresh, stopped);
            throw new Failure(why);
        }
        for (Bundle old : stopped) {
            if (isOurs(old)) {
                uninstall(old);
            }
        }
        return fresh;
    }

    /** Stops and removes a bundle the repository installed, and starts the image's bundle of that name if there is one. */
    void remove(Bundle ours, Collection<Long> devices) throws Failure {
        String name = ours.getSymbolicName();
        uninstall(ours);
        for (Bundle image : bundles(name)) {
            if (!isOurs(image)) {
                try {
                    image.start(Bundle.START_TRANSIENT);
                    awaitDevices(image, Set.copyOf(devices));
                } catch (BundleException e) {
                    throw new Failure("the image's " + name + " " + image.getVersion() + " does not start again: " + e.getMessage());
                }
                return;
            }
        }
    }

    /** Waits until the bundle's components are active and bind every device, or fails. */
    private void awaitDevices(Bundle bundle, Set<Long> devices) throws Failure {
        long deadline = System.nanoTime() + bindLimit.toNanos();
        while (true) {
            String failed = failedComponent(bundle);
            if (failed != null) {
                throw new Failure(bundle.getSymbolicName() + " " + bundle.getVersion() + ": " + failed);
            }
            Set<Long> bound = boundServices(bundle);
            if (bound.containsAll(devices) && bundle.getState() == Bundle.ACTIVE) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                Set<Long> missing = devices.stream().filter(d -> !bound.contains(d)).collect(Collectors.toSet());
                throw new Failure(bundle.getSymbolicName() + " " + bundle.getVersion() + " did not bind device service "
                        + missing + " within " + bindLimit.toMillis() + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted while waiting for " + bundle.getSymbolicName() + " to bind its devices");
            }
        }
    }

    private String failedComponent(Bundle bundle) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return "component " + description.name + " failed to activate: " + firstLine(configuration.failure);
                }
            }
        }
        return null;
    }

    /** The service ids the bundle's active components are bound to. */
    Set<Long> boundServices(Bundle bundle) {
        return scr.getComponentDescriptionDTOs(bundle).stream()
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .filter(c -> c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED)
                .flatMap(c -> Arrays.stream(c.satisfiedReferences))
                .flatMap((SatisfiedReferenceDTO r) -> Arrays.stream(r.boundServices))
                .map(s -> s.id)
                .collect(Collectors.toSet());
    }

    private void undo(Bundle fresh, List<Bundle> stopped) {
        if (fresh != null && !stopped.contains(fresh)) {
            if (isOurs(fresh)) {
                uninstall(fresh);
            } else {
                try {
                    fresh.stop(Bundle.STOP_TRANSIENT);
                } catch (BundleException e) {
                    log.warn("cannot stop {} again: {}", fresh, e.toString());
                }
            }
        }
        for (Bundle bundle : stopped) {
            try {
                bundle.start(Bundle.START_TRANSIENT);
            } catch (BundleException e) {
                log.error("cannot start {} {} again: {}", bundle.getSymbolicName(), bundle.getVersion(), e.toString());
            }
        }
    }

    private void uninstall(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            log.warn("cannot uninstall {}: {}", bundle, e.toString());
            return;
        }
        refresh(List.of(bundle));
    }

    /** Lets the framework drop what the removed bundle left wired, and waits for it. */
    private void refresh(Collection<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> done.countDown());
        try {
            if (!done.await(bindLimit.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                log.warn("the framework did not finish refreshing after removing {}", bundles);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no reason given";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
