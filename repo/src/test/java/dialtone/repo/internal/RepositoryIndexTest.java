package dialtone.repo.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

public class RepositoryIndexTest {

    private static final URI BASE = URI.create("http://127.0.0.1:8080/repo/index.xml");

    private static List<IndexResource> read(byte[] bytes) throws IndexException {
        return RepositoryIndex.parse(new ByteArrayInputStream(bytes), BASE);
    }

    private static byte[] fixture() throws Exception {
        try (InputStream in = RepositoryIndexTest.class.getResourceAsStream("/index.xml")) {
            return in.readAllBytes();
        }
    }

    @Test
    public void readsIdentityContentAndDriverCapabilityWithTheirTypes() throws Exception {
        List<IndexResource> resources = read(fixture());
        assertEquals(2, resources.size());
        IndexResource rev1 = resources.get(0);
        assertEquals("dialtone.hw.dect.rev1", rev1.name());
        assertEquals(new Version(1, 2, 0), rev1.version());
        assertEquals(URI.create("http://127.0.0.1:8080/repo/jar/dialtone.hw.dect.rev1-1.2.0.jar"), rev1.url());
        assertEquals("0c1d5a0e0fbfc2b0a7c1f0d8e9a4b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0", rev1.sha256());
        assertEquals(23456L, rev1.size());
        assertTrue(rev1.drives(FrameworkUtil.createFilter("(&(usb.vendor=57031)(usb.product=1)(usb.revision=1))")));
        assertFalse(rev1.drives(FrameworkUtil.createFilter("(&(usb.vendor=57031)(usb.product=1)(usb.revision=2))")));
        assertEquals(List.of(new Version(1, 0, 0), new Version(2, 0, 0)),
                rev1.capabilities().get(3).attributes().get("bundle-version"));
        assertEquals(URI.create("http://elsewhere.example/rev2.jar"), resources.get(1).url());
        assertTrue(resources.get(1).matches(FrameworkUtil.createFilter("(osgi.identity=dialtone.hw.dect.*)")));
    }

    @Test
    public void readsAGzippedIndex() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
            out.write(fixture());
        }
        assertEquals(2, read(zipped.toByteArray()).size());
    }

    @Test
    public void refusesWhatIsNotARepositoryIndexSayingWhere() {
        assertRefused("this is not xml", "does not parse");
        assertRefused("<html><body>404</body></html>", "not a repository");
        assertRefused(fixtureText().replace("<attribute name=\"size\" type=\"Long\" value=\"23456\"/>", ""), "Long size");
        assertRefused(fixtureText().replace("value=\"23456\"", "value=\"big\""), "line 12: attribute size is not a Long");
        assertRefused(fixtureText().replace("0C1D5A0E", "XYZ"), "is not a SHA-256");
        assertRefused(fixtureText().substring(0, 900), "does not parse");
        assertRefused("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<repository xmlns=\"http://www.osgi.org/xmlns/repository/v1.0.0\">&x;</repository>", "does not parse");
    }

    private static String fixtureText() {
        try {
            return new String(fixture(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(String index, String expected) {
        try {
            read(index.getBytes(StandardCharsets.UTF_8));
            fail("read an index that should be refused: " + index);
        } catch (IndexException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
            assertTrue(e.getMessage(), e.getMessage().contains(BASE.toString()));
        }
    }
}
