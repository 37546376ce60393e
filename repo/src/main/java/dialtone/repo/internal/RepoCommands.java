package dialtone.repo.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code repo} scope: driver repositories, driver installs, updates and rollbacks. */
@Component(service = RepoCommands.class, immediate = true)
@GogoCommand(scope = "repo", function = { "list", "refresh", "search", "install", "update", "rollback", "history" })
public final class RepoCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final DriverRepository repository;

    @Activate
    public RepoCommands(@Reference DriverRepository repository) {
        this.repository = repository;
    }

    @Descriptor("lists the driver repositories, their last refresh and errors, and the drivers installed from them")
    public List<String> list() throws Exception {
        List<String> lines = new ArrayList<>();
        for (DriverRepository.RepoState state : await(repository.repositories())) {
            lines.add(describe(state));
        }
        if (lines.isEmpty()) {
            lines.add("no repositories configured (dialtone.repo urls)");
        }
        repository.installedDrivers().forEach((name, versions) -> lines.add("installed " + name + " "
                + versions.get(versions.size() - 1).version()
                + (versions.size() > 1 ? " (before: " + versions.subList(0, versions.size() - 1).stream()
                        .map(v -> v.version().toString()).collect(Collectors.joining(", ")) + ")" : "")));
        return lines;
    }

    @Descriptor("fetches every repository index again")
    public List<String> refresh() throws Exception {
        return await(repository.refresh()).stream().map(RepoCommands::describe).toList();
    }

    @Descriptor("lists the bundles in the repositories whose identity or capabilities match an LDAP filter")
    public List<String> search(@Descriptor("filter, such as (usb.revision=1) or (osgi.identity=dialtone.*)") String filter) throws Exception {
        List<String> lines = await(repository.search(filter)).stream()
                .map(r -> r.name() + " " + r.version() + " " + r.url() + drives(r)).toList();
        return lines.isEmpty() ? List.of("nothing matches " + filter) : lines;
    }

    @Descriptor("installs the newest version of a driver bundle from the repositories")
    public String install(@Descriptor("bundle symbolic name") String name) throws Exception {
        return await(repository.install(name, null));
    }

    @Descriptor("installs one version of a driver bundle from the repositories")
    public String install(@Descriptor("bundle symbolic name") String name, @Descriptor("version") String version) throws Exception {
        return await(repository.install(name, version));
    }

    @Descriptor("updates a driver bundle to the newest version in the repositories, rolling back if it fails")
    public String update(@Descriptor("bundle symbolic name") String name) throws Exception {
        return await(repository.update(name));
    }

    @Descriptor("goes back to the version of a driver bundle that ran before the last install or update")
    public String rollback(@Descriptor("bundle symbolic name") String name) throws Exception {
        return await(repository.rollback(name));
    }

    @Descriptor("shows what was installed, updated, refused or rolled back, when and why")
    public List<String> history() {
        List<String> lines = repository.history().stream()
                .map(e -> TIME.format(e.when()) + " " + e.action() + " " + e.name() + " " + e.version() + ": " + e.why()).toList();
        return lines.isEmpty() ? List.of("no driver installed, refused or rolled back yet") : lines;
    }

    private static String describe(DriverRepository.RepoState state) {
        return state.url() + ": " + state.resources().size() + " bundles, refreshed "
                + (state.refreshed() == null ? "never" : TIME.format(state.refreshed()))
                + (state.error() == null ? "" : ", error: " + state.error());
    }

    private static String drives(IndexResource resource) {
        String devices = resource.capabilities().stream().filter(c -> IndexResource.DRIVER_NAMESPACE.equals(c.namespace()))
                .map(c -> c.attributes().toString()).collect(Collectors.joining(" "));
        return devices.isEmpty() ? "" : " drives " + devices;
    }

    /** Waits for a step of the repository thread; its failure becomes the command's error message. */
    private <T> T await(CompletableFuture<T> step) throws Exception {
        try {
            return step.get(repository.stepLimitMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw new IllegalStateException(exception.getMessage(), exception);
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the driver repository did not answer within " + repository.stepLimitMillis() + " ms");
        }
    }
}
