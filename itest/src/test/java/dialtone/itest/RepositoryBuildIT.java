package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The driver repositories the build publishes (module {@code drivers}) and serves to the
 * repository tests ({@code target/repos/<scenario>}), read as Dialtone reads them: the index, then
 * each jar it names, its hash, its size and its signatures against the test trust store. No
 * framework is booted.
 */
public class RepositoryBuildIT {

    private static final String REPOSITORY_NS = "http://www.osgi.org/xmlns/repository/v1.0.0";
    private static final String PASSWORD = "dialtone";

    private static final Path REPOS = Path.of(System.getProperty("dialtone.itest.repos", "target/repos"));
    private static final Path KEYS = Path.of(System.getProperty("dialtone.itest.keys", "../cnf/keys"));

    /** One resource of an index: its capabilities' attributes by namespace. */
    record Resource(Map<String, Map<String, String>> capabilities) {
        String attribute(String namespace, String name) {
            Map<String, String> attributes = capabilities.get(namespace);
            assertNotNull("capability " + namespace, attributes);
            return attributes.get(name);
        }
    }

    @Test
    public void theProjectRepositoryPublishesEveryDriverWithTheDevicesItDrives() throws Exception {
        Map<String, Resource> byName = byIdentity(checkedIndex("project"));
        assertEquals("resources of the project repository", List.of("dialtone.hw.dect.rev1", "dialtone.hw.dect.rev2",
                "dialtone.hw.fxs.slic"), new ArrayList<>(byName.keySet()));

        assertEquals(Map.of("dialtone.driver", "dect", "usb.vendor", "57031", "usb.product", "1", "usb.revision", "1"),
                byName.get("dialtone.hw.dect.rev1").capabilities().get("dialtone.driver"));
        assertEquals(Map.of("dialtone.driver", "dect", "usb.vendor", "57031", "usb.product", "1", "usb.revision", "2"),
                byName.get("dialtone.hw.dect.rev2").capabilities().get("dialtone.driver"));
        // The SLIC driver takes every revision of its adapter: no usb.revision.
        assertEquals(Map.of("dialtone.driver", "fxs", "usb.vendor", "4617", "usb.product", "23068"),
                byName.get("dialtone.hw.fxs.slic").capabilities().get("dialtone.driver"));

        for (Resource resource : byName.values()) {
            assertSignedBy(jar("project", resource), trustedCertificates(), "project");
        }
    }

    /**
     * The capability says which devices the driver takes; its component's reference says it again
     * as a filter. They must agree: a device with the capability's ids is selected, one with another
     * vendor, product or (where the capability names one) revision is not.
     */
    @Test
    public void eachDriversCapabilityNamesTheDevicesItsComponentSelects() throws Exception {
        for (Resource resource : checkedIndex("project")) {
            String name = resource.attribute("osgi.identity", "osgi.identity");
            Map<String, String> capability = resource.capabilities().get("dialtone.driver");
            List<Filter> targets = deviceTargets(jar("project", resource));
            assertFalse(name + " selects its devices by a reference target", targets.isEmpty());

            int vendor = Integer.parseInt(capability.get("usb.vendor"));
            int product = Integer.parseInt(capability.get("usb.product"));
            String revisionAttribute = capability.get("usb.revision");
            List<Integer> revisions = revisionAttribute == null ? List.of(1, 2, 7) : List.of(Integer.parseInt(revisionAttribute));
            for (Filter target : targets) {
                for (int revision : revisions) {
                    assertTrue(name + ": " + target + " takes " + vendor + ":" + product + " rev " + revision,
                            target.matches(device(vendor, product, revision)));
                }
                int revision = revisions.get(0);
                assertFalse(name + ": another vendor", target.matches(device(vendor + 1, product, revision)));
                assertFalse(name + ": another product", target.matches(device(vendor, product + 1, revision)));
                if (revisionAttribute != null) {
                    assertFalse(name + ": another revision", target.matches(device(vendor, product, revision + 1)));
                }
            }
        }
    }

    @Test
    public void theBrokenUpdatesPoseAsNewerRevision1DriversSignedWithTheTrustedKey() throws Exception {
        Map<String, String> expected = Map.of("activation-fails", "9.0.0", "never-binds", "9.1.0");
        for (Map.Entry<String, String> scenario : expected.entrySet()) {
            List<Resource> resources = checkedIndex(scenario.getKey());
            assertEquals(scenario.getKey() + " resources", 1, resources.size());
            Resource resource = resources.get(0);
            assertEquals("dialtone.hw.dect.rev1", resource.attribute("osgi.identity", "osgi.identity"));
            assertEquals(scenario.getValue(), resource.attribute("osgi.identity", "version"));
            assertEquals("1", resource.attribute("dialtone.driver", "usb.revision"));
            assertSignedBy(jar(scenario.getKey(), resource), trustedCertificates(), scenario.getKey());
        }
    }

    @Test
    public void theUnknownKeyDriverIsSignedByAKeyTheTrustStoreDoesNotHold() throws Exception {
        Resource resource = single(checkedIndex("unknown-key"));
        Certificate unknown = certificate("unknown-test.p12", "unknown");
        assertFalse("the trust store must not hold the unknown key", trustedCertificates().contains(unknown));
        assertSignedBy(jar("unknown-key", resource), List.of(unknown), "unknown-key");
    }

    @Test
    public void theUnsignedDriverCarriesNoSignatureAtAll() throws Exception {
        Resource resource = single(checkedIndex("unsigned"));
        try (JarFile jar = new JarFile(jar("unsigned", resource).toFile(), true)) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                assertFalse("signature file " + entry.getName(), entry.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
                if (!entry.isDirectory()) {
                    readFully(jar, entry);
                    assertNull("signers of " + entry.getName(), entry.getCodeSigners());
                }
            }
        }
    }

    @Test
    public void theTestKeysAreWhatTheirReadmeSays() throws Exception {
        X509Certificate signing = (X509Certificate) certificate("drivers-test.p12", "dialtone-drivers-test");
        assertEquals(2048, ((RSAPublicKey) signing.getPublicKey()).getModulus().bitLength());
        Duration validity = Duration.between(signing.getNotBefore().toInstant(), signing.getNotAfter().toInstant());
        assertTrue("valid for 30 years: " + validity.toDays() + " days", validity.toDays() >= 30 * 365);
        assertTrue("still valid", signing.getNotAfter().toInstant().isAfter(Instant.now()));

        KeyStore trusted = load("trusted-test.p12");
        List<String> aliases = Collections.list(trusted.aliases());
        assertEquals("entries of the trust store", 1, aliases.size());
        assertTrue("a trusted certificate, no private key", trusted.isCertificateEntry(aliases.get(0)));
        assertEquals(signing, trusted.getCertificate(aliases.get(0)));

        KeyStore unknown = load("unknown-test.p12");
        assertTrue(unknown.isKeyEntry("unknown"));
    }

    /**
     * Reads a scenario's index and checks each resource against the jar it names: the URL is
     * relative to the index, and the size and SHA-256 are the file's, the identity and version its
     * manifest's.
     */
    private static List<Resource> checkedIndex(String scenario) throws Exception {
        Path index = REPOS.resolve(scenario).resolve("index.xml");
        assertTrue("index of " + scenario + " at " + index.toAbsolutePath(), Files.isRegularFile(index));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element repository = factory.newDocumentBuilder().parse(index.toFile()).getDocumentElement();
        assertEquals(REPOSITORY_NS, repository.getNamespaceURI());
        assertEquals("repository", repository.getLocalName());

        List<Resource> resources = new ArrayList<>();
        NodeList resourceElements = repository.getElementsByTagNameNS(REPOSITORY_NS, "resource");
        for (int r = 0; r < resourceElements.getLength(); r++) {
            Map<String, Map<String, String>> capabilities = new HashMap<>();
            NodeList capabilityElements = ((Element) resourceElements.item(r)).getElementsByTagNameNS(REPOSITORY_NS, "capability");
            for (int c = 0; c < capabilityElements.getLength(); c++) {
                Element capability = (Element) capabilityElements.item(c);
                Map<String, String> attributes = new HashMap<>();
                NodeList attributeElements = capability.getElementsByTagNameNS(REPOSITORY_NS, "attribute");
                for (int a = 0; a < attributeElements.getLength(); a++) {
                    Element attribute = (Element) attributeElements.item(a);
                    attributes.put(attribute.getAttribute("name"), attribute.getAttribute("value"));
                }
                capabilities.putIfAbsent(capability.getAttribute("namespace"), attributes);
            }
            Resource resource = new Resource(capabilities);
            Path jar = jar(scenario, resource);
            assertTrue(scenario + ": " + jar + " named by the index", Files.isRegularFile(jar));
            assertEquals(jar + " size", resource.attribute("osgi.content", "size"), Long.toString(Files.size(jar)));
            assertEquals(jar + " SHA-256", resource.attribute("osgi.content", "osgi.content"), sha256(jar));
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                Attributes manifest = file.getManifest().getMainAttributes();
                assertEquals(manifest.getValue("Bundle-SymbolicName"), resource.attribute("osgi.identity", "osgi.identity"));
                assertEquals(manifest.getValue("Bundle-Version"), resource.attribute("osgi.identity", "version"));
            }
            resources.add(resource);
        }
        assertFalse(scenario + " lists no resource", resources.isEmpty());
        return resources;
    }

    /** The target filters of every component reference to a {@code UsbDevice} in the bundle's DS descriptors. */
    private static List<Filter> deviceTargets(Path path) throws Exception {
        List<Filter> targets = new ArrayList<>();
        try (JarFile jar = new JarFile(path.toFile(), false)) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().startsWith("OSGI-INF/") || !entry.getName().endsWith(".xml")) {
                    continue;
                }
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                try (InputStream in = jar.getInputStream(entry)) {
                    NodeList references = factory.newDocumentBuilder().parse(in).getElementsByTagName("reference");
                    for (int i = 0; i < references.getLength(); i++) {
                        Element reference = (Element) references.item(i);
                        if (reference.getAttribute("interface").equals("dialtone.hw.usb.UsbDevice")) {
                            targets.add(FrameworkUtil.createFilter(reference.getAttribute("target")));
                        }
                    }
                }
            }
        }
        return targets;
    }

    /** A device service's properties, typed as the USB discovery and the emulators register them. */
    private static Map<String, Object> device(int vendor, int product, int revision) {
        return Map.of("usb.vendor", vendor, "usb.product", product, "usb.revision", revision, "usb.serial", "TEST-1",
                "usb.source", "emulator");
    }

    private static Path jar(String scenario, Resource resource) {
        String url = resource.attribute("osgi.content", "url");
        assertFalse("relative URL: " + url, url.contains(":") || url.startsWith("/"));
        return REPOS.resolve(scenario).resolve(url);
    }

    /** Every entry but the signature files themselves is signed, each by one of {@code signers}. */
    private static void assertSignedBy(Path path, List<Certificate> signers, String scenario) throws IOException {
        int signed = 0;
        try (JarFile jar = new JarFile(path.toFile(), true)) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || name.equals(JarFile.MANIFEST_NAME) || name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")) {
                    continue;
                }
                readFully(jar, entry);
                if (entry.getCodeSigners() == null) {
                    fail(scenario + ": " + path.getFileName() + " has an unsigned entry " + name);
                }
                boolean known = false;
                for (CodeSigner signer : entry.getCodeSigners()) {
                    known |= signers.contains(signer.getSignerCertPath().getCertificates().get(0));
                }
                assertTrue(scenario + ": " + name + " signed by the expected key", known);
                signed++;
            }
        }
        assertTrue(scenario + ": signed entries in " + path.getFileName(), signed > 0);
    }

    /** The jar's signature of an entry is checked, and its signers known, once the entry was read to its end. */
    private static void readFully(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static Map<String, Resource> byIdentity(List<Resource> resources) {
        Map<String, Resource> byName = new TreeMap<>();
        for (Resource resource : resources) {
            byName.put(resource.attribute("osgi.identity", "osgi.identity"), resource);
        }
        return byName;
    }

    private static Resource single(List<Resource> resources) {
        assertEquals("resources", 1, resources.size());
        return resources.get(0);
    }

    private static List<Certificate> trustedCertificates() throws Exception {
        KeyStore store = load("trusted-test.p12");
        List<Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                certificates.add(store.getCertificate(alias));
            }
        }
        return certificates;
    }

    private static Certificate certificate(String store, String alias) throws Exception {
        Certificate certificate = load(store).getCertificate(alias);
        assertNotNull(alias + " in " + store, certificate);
        return certificate;
    }

    private static KeyStore load(String name) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYS.resolve(name))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String sha256(Path file) throws IOException, GeneralSecurityException {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
