package dialtone.repo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Enumeration;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * Decides whether a downloaded bundle may run: the JDK's own jar verification must find every
 * entry signed, untampered, by a certificate in the trust store, and the manifest must name the
 * bundle the index promised.
 */
final class JarTrust {

    private final KeyStore trusted;
    private final String source;

    private JarTrust(KeyStore trusted, String source) {
        this.trusted = trusted;
        this.source = source;
    }

    /** Loads the trust store (PKCS12 or JKS, detected by the JDK) holding the certificates of trusted signers. */
    static JarTrust load(Path store, char[] password) throws IOException {
        if (!Files.isReadable(store)) {
            throw new IOException("trust store " + store + " cannot be read");
        }
        try {
            KeyStore keys = KeyStore.getInstance(store.toFile(), password);
            if (keys.size() == 0) {
                throw new IOException("trust store " + store + " holds no certificate");
            }
            return new JarTrust(keys, store.toString());
        } catch (GeneralSecurityException e) {
            throw new IOException("trust store " + store + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Refuses the jar unless it is the named bundle, with every entry signed by a trusted key. */
    void verify(Path jar, String name, Version version) throws Refusal {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw new Refusal("not signed: the jar has no manifest");
            }
            checkIdentity(manifest.getMainAttributes(), name, version);
            boolean anySigned = false;
            byte[] buffer = new byte[16 * 1024];
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                // Reading an entry to its end is what makes the JDK check its digest.
                try (InputStream in = file.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // only the digest matters
                    }
                } catch (SecurityException e) {
                    throw new Refusal("signature check failed: " + entry.getName() + " was changed after signing (" + e.getMessage() + ")");
                }
                if (entry.isDirectory() || isSignatureFile(entry.getName())) {
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw new Refusal(anySigned || isSigned(file)
                            ? "not signed: " + entry.getName() + " is not covered by the signature"
                            : "not signed: the jar carries no signature");
                }
                if (!trustedSigner(signers)) {
                    throw new Refusal("signed by an unknown key: " + describe(signers[0]) + " is not in the trust store " + source);
                }
                anySigned = true;
            }
            if (!anySigned) {
                throw new Refusal("not signed: the jar has no signed content");
            }
        } catch (IOException | SecurityException e) {
            throw new Refusal("not a readable jar: " + e.getMessage(), e);
        }
    }

    private static void checkIdentity(Attributes main, String name, Version version) throws Refusal {
        String symbolicName = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        String bsn = symbolicName == null ? null : symbolicName.split(";")[0].strip();
        Version actual;
        try {
            actual = Version.parseVersion(main.getValue(Constants.BUNDLE_VERSION));
        } catch (IllegalArgumentException e) {
            throw new Refusal("not the bundle the index names: Bundle-Version '" + main.getValue(Constants.BUNDLE_VERSION) + "'");
        }
        if (!name.equals(bsn) || !version.equals(actual)) {
            throw new Refusal("not the bundle the index names: it is " + bsn + " " + actual + ", the index says " + name + " " + version);
        }
    }

    private boolean trustedSigner(CodeSigner[] signers) {
        for (CodeSigner signer : signers) {
            for (Certificate certificate : signer.getSignerCertPath().getCertificates()) {
                try {
                    if (trusted.getCertificateAlias(certificate) != null) {
                        return true;
                    }
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean isSigned(JarFile file) {
        return file.stream().anyMatch(e -> isSignatureFile(e.getName()) && e.getName().endsWith(".SF"));
    }

    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', 9) >= 0) {
            return false;
        }
        return upper.equals("META-INF/MANIFEST.MF") || upper.endsWith(".SF") || upper.endsWith(".RSA")
                || upper.endsWith(".DSA") || upper.endsWith(".EC") || upper.startsWith("META-INF/SIG-");
    }

    private static String describe(CodeSigner signer) {
        Certificate first = signer.getSignerCertPath().getCertificates().get(0);
        return first instanceof java.security.cert.X509Certificate x509 ? "'" + x509.getSubjectX500Principal().getName() + "'" : "its signer";
    }
}
