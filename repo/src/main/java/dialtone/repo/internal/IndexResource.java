package dialtone.repo.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Filter;
import org.osgi.framework.Version;

/**
 * One bundle a repository index offers: its identity, where its jar is, the SHA-256 and size the
 * jar must have, and the capabilities it declares (among them the devices it drives).
 */
record IndexResource(String name, Version version, URI url, String sha256, long size, List<Capability> capabilities) {

    /** The namespace in which a driver bundle names the devices it drives. */
    static final String DRIVER_NAMESPACE = "dialtone.driver";

    /** One capability: a namespace and typed attributes, as the index states them. */
    record Capability(String namespace, Map<String, Object> attributes) {
    }

    /** Whether this resource drives a device matching {@code deviceFilter}. */
    boolean drives(Filter deviceFilter) {
        return capabilities.stream()
                .anyMatch(c -> DRIVER_NAMESPACE.equals(c.namespace()) && deviceFilter.matches(c.attributes()));
    }

    /** Whether any of its capabilities matches {@code filter} (an LDAP filter over capability attributes). */
    boolean matches(Filter filter) {
        return filter.matches(Map.of("osgi.identity", name, "version", version))
                || capabilities.stream().anyMatch(c -> filter.matches(c.attributes()));
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
