package dialtone.repo.internal;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import jdk.security.jarsigner.JarSigner;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

/** Jars signed here with keys made by the JDK's keytool: the same checks the exchange runs on downloads. */
public class JarTrustTest {

    @ClassRule
    public static final TemporaryFolder folder = new TemporaryFolder();

    private static final char[] PASSWORD = "secret".toCharArray();
    private static final Version VERSION = new Version(1, 2, 0);

    private static Path trusted;
    private static KeyStore.PrivateKeyEntry vendor;
    private static KeyStore.PrivateKeyEntry stranger;

    @BeforeClass
    public static void keys() throws Exception {
        Path dir = folder.getRoot().toPath();
        vendor = key(dir, "vendor");
        stranger = key(dir, "stranger");
        trusted = dir.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, PASSWORD);
        trust.setCertificateEntry("vendor", vendor.getCertificate());
        try (OutputStream out = Files.newOutputStream(trusted)) {
            trust.store(out, PASSWORD);
        }
    }

    private static KeyStore.PrivateKeyEntry key(Path dir, String alias) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "secret", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + alias).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance(store.toFile(), PASSWORD);
        return (KeyStore.PrivateKeyEntry) keys.getEntry(alias, new KeyStore.PasswordProtection(PASSWORD));
    }

    private static Path bundle(String name, String symbolicName) throws IOException {
        Path jar = folder.getRoot().toPath().resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", VERSION.toString());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("dialtone/driver/Driver.class"));
            out.write(new byte[] { (byte) 0xCA, (byte) 0xFE, 1, 2, 3 });
            out.putNextEntry(new JarEntry("OSGI-INF/driver.xml"));
            out.write("<component/>".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static Path signed(Path jar, KeyStore.PrivateKeyEntry key) throws Exception {
        Path out = jar.resolveSibling("signed-" + jar.getFileName());
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of((X509Certificate) key.getCertificate()));
        PrivateKey privateKey = key.getPrivateKey();
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream target = Files.newOutputStream(out)) {
            new JarSigner.Builder(privateKey, path).build().sign(in, target);
        }
        return out;
    }

    /** A copy of a jar with one entry's bytes replaced, or one entry added, and nothing re-signed. */
    private static Path altered(Path jar, String entry, byte[] content) throws IOException {
        Path out = jar.resolveSibling("altered-" + entry.replace('/', '_') + "-" + jar.getFileName());
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            boolean replaced = false;
            for (ZipEntry e : in.stream().toList()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(entry)) {
                    zip.write(content);
                    replaced = true;
                } else {
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(zip);
                    }
                }
            }
            if (!replaced) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(content);
            }
        }
        return out;
    }

    private static JarTrust trust() throws IOException {
        return JarTrust.load(trusted, PASSWORD);
    }

    @Test
    public void aJarSignedByATrustedKeyIsAccepted() throws Exception {
        trust().verify(signed(bundle("good.jar", "dialtone.hw.dect.rev1"), vendor), "dialtone.hw.dect.rev1", VERSION);
    }

    @Test
    public void eachFailedCheckIsNamed() throws Exception {
        Path good = signed(bundle("b.jar", "dialtone.hw.dect.rev1"), vendor);
        assertRefused(bundle("plain.jar", "dialtone.hw.dect.rev1"), "not signed: the jar carries no signature");
        assertRefused(signed(bundle("c.jar", "dialtone.hw.dect.rev1"), stranger), "signed by an unknown key: 'CN=stranger'");
        assertRefused(altered(good, "dialtone/driver/Driver.class", new byte[] { 9, 9, 9 }), "was changed after signing");
        assertRefused(altered(good, "dialtone/driver/Extra.class", new byte[] { 7 }), "Extra.class is not covered by the signature");
        assertRefused(signed(bundle("d.jar", "dialtone.evil"), vendor), "it is dialtone.evil 1.2.0, the index says dialtone.hw.dect.rev1");
        Path garbage = folder.getRoot().toPath().resolve("garbage.jar");
        Files.write(garbage, new byte[] { 1, 2, 3, 4 });
        assertRefused(garbage, "not a readable jar");
    }

    @Test(expected = IOException.class)
    public void aMissingTrustStoreIsAnError() throws Exception {
        JarTrust.load(folder.getRoot().toPath().resolve("none.p12"), PASSWORD);
    }

    private static void assertRefused(Path jar, String expected) throws IOException {
        try {
            trust().verify(jar, "dialtone.hw.dect.rev1", VERSION);
            fail(jar + " was accepted");
        } catch (Refusal e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
