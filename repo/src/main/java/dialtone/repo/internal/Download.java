package dialtone.repo.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Fetches a URL (http, https or file) to a file while hashing it, so what is checked is exactly
 * what was written. Blocking: runs on the repository's own thread.
 */
final class Download {

    private final Duration timeout;
    /** Made on the first fetch: an exchange with no repository configured never pays for it at start. */
    private HttpClient http;

    Download(Duration timeout) {
        this.timeout = timeout;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    /** What arrived: the file, its length and its SHA-256 (lower-case hex). */
    record Fetched(Path file, long size, String sha256) {
    }

    /**
     * Writes {@code url} to {@code target}, reading at most {@code limit} bytes. A failed fetch
     * leaves no file behind.
     */
    Fetched fetch(URI url, Path target, long limit) throws IOException {
        try (InputStream in = open(url)) {
            MessageDigest digest = sha256();
            long size = 0;
            byte[] buffer = new byte[16 * 1024];
            try (OutputStream out = Files.newOutputStream(target)) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    size += n;
                    if (size > limit) {
                        throw new IOException(url + " is larger than " + limit + " bytes");
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            return new Fetched(target, size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    private InputStream open(URI url) throws IOException {
        String scheme = url.getScheme();
        if ("file".equals(scheme)) {
            return Files.newInputStream(Path.of(url));
        }
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IOException("cannot fetch " + url + ": only http, https and file URLs are served");
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("fetching " + url + " was interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The SHA-256 of a file on disk, lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
