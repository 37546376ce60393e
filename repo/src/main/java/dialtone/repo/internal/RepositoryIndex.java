package dialtone.repo.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.osgi.framework.Version;

/**
 * Reads an index in the OSGi Repository XML format (namespace
 * {@code http://www.osgi.org/xmlns/repository/v1.0.0}, plain or gzipped, as bnd's indexer writes
 * it) with the JDK's streaming XML reader. Only what the installer needs is kept: identity,
 * version, content (URL, SHA-256, size) and the capabilities with their typed attributes;
 * requirements are the framework's business once the bundle is installed.
 * <p>
 * bndlib has a reader for this format too, but it is a 3.6 MB bundle for a router's flash, for a
 * schema of five elements.
 */
final class RepositoryIndex {

    static final String NAMESPACE = "http://www.osgi.org/xmlns/repository/v1.0.0";

    private RepositoryIndex() {
    }

    /** The resources of the index read from {@code in}; relative content URLs resolve against {@code base}. */
    static List<IndexResource> parse(InputStream in, URI base) throws IndexException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // An index comes from the network: no DTDs, no external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(ungzipped(in));
            return new Reader(xml, base).repository();
        } catch (XMLStreamException e) {
            throw new IndexException("index " + base + " does not parse: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IndexException("index " + base + " cannot be read: " + e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing is left to read
                }
            }
        }
    }

    private static InputStream ungzipped(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered) : buffered;
    }

    private static final class Reader {

        private final XMLStreamReader xml;
        private final URI base;

        Reader(XMLStreamReader xml, URI base) {
            this.xml = xml;
            this.base = base;
        }

        List<IndexResource> repository() throws XMLStreamException, IndexException {
            xml.nextTag();
            if (!"repository".equals(xml.getLocalName()) || !NAMESPACE.equals(xml.getNamespaceURI())) {
                throw error("the root element is not a repository of " + NAMESPACE);
            }
            List<IndexResource> resources = new ArrayList<>();
            while (xml.nextTag() == XMLStreamReader.START_ELEMENT) {
                if ("resource".equals(xml.getLocalName())) {
                    resources.add(resource());
                } else {
                    skip(); // referrals and future elements
                }
            }
            return resources;
        }

        private IndexResource resource() throws XMLStreamException, IndexException {
            int line = xml.getLocation().getLineNumber();
            List<IndexResource.Capability> capabilities = new ArrayList<>();
            while (xml.nextTag() == XMLStreamReader.START_ELEMENT) {
                if ("capability".equals(xml.getLocalName())) {
                    String namespace = required("namespace");
                    capabilities.add(new IndexResource.Capability(namespace, attributes()));
                } else {
                    skip(); // requirements
                }
            }
            Map<String, Object> identity = first(capabilities, "osgi.identity", line);
            Map<String, Object> content = first(capabilities, "osgi.content", line);
            Object name = identity.get("osgi.identity");
            Object version = identity.getOrDefault("version", Version.emptyVersion);
            Object sha = content.get("osgi.content");
            Object url = content.get("url");
            Object size = content.get("size");
            if (!(name instanceof String) || !(version instanceof Version) || !(sha instanceof String)
                    || !(url instanceof String) || !(size instanceof Long)) {
                throw new IndexException("index " + base + " line " + line
                        + ": a resource needs osgi.identity, a Version, and osgi.content with url and a Long size");
            }
            String hash = ((String) sha).toLowerCase(java.util.Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IndexException("index " + base + " line " + line + ": '" + sha + "' is not a SHA-256");
            }
            try {
                return new IndexResource((String) name, (Version) version, base.resolve(new URI((String) url)), hash,
                        (Long) size, List.copyOf(capabilities));
            } catch (URISyntaxException e) {
                throw new IndexException("index " + base + " line " + line + ": bad url '" + url + "'", e);
            }
        }

        private Map<String, Object> attributes() throws XMLStreamException, IndexException {
            Map<String, Object> attributes = new LinkedHashMap<>();
            while (xml.nextTag() == XMLStreamReader.START_ELEMENT) {
                if ("attribute".equals(xml.getLocalName())) {
                    String name = required("name");
                    String value = required("value");
                    String type = xml.getAttributeValue(null, "type");
                    attributes.put(name, typed(name, type == null ? "String" : type, value));
                }
                skip(); // directives, and whatever an attribute element holds
            }
            return attributes;
        }

        private Object typed(String name, String type, String value) throws IndexException {
            try {
                if (type.startsWith("List<") && type.endsWith(">")) {
                    String element = type.substring(5, type.length() - 1);
                    List<Object> list = new ArrayList<>();
                    for (String part : Arrays.asList(value.split("\\s*,\\s*"))) {
                        list.add(scalar(element, part.strip()));
                    }
                    return List.copyOf(list);
                }
                return scalar(type, value.strip());
            } catch (IllegalArgumentException e) {
                throw error("attribute " + name + " is not a " + type + ": '" + value + "'");
            }
        }

        private static Object scalar(String type, String value) {
            return switch (type) {
                case "String" -> value;
                case "Version" -> Version.parseVersion(value);
                case "Long" -> Long.valueOf(value);
                case "Double" -> Double.valueOf(value);
                default -> throw new IllegalArgumentException("unknown type " + type);
            };
        }

        private Map<String, Object> first(List<IndexResource.Capability> capabilities, String namespace, int line)
                throws IndexException {
            return capabilities.stream().filter(c -> namespace.equals(c.namespace())).findFirst()
                    .map(IndexResource.Capability::attributes)
                    .orElseThrow(() -> new IndexException("index " + base + " line " + line + ": a resource has no " + namespace));
        }

        private String required(String attribute) throws IndexException {
            String value = xml.getAttributeValue(null, attribute);
            if (value == null) {
                throw error("<" + xml.getLocalName() + "> has no " + attribute);
            }
            return value;
        }

        /** Skips the element the reader is on, with everything inside it. */
        private void skip() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private IndexException error(String what) {
            return new IndexException("index " + base + " line " + xml.getLocation().getLineNumber() + ": " + what);
        }
    }
}
