package dialtone.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A web server on 127.0.0.1 (an ephemeral port) serving a folder of driver repositories as any
 * web server would, and one path that misbehaves: {@code /cut/...} promises the whole file and
 * closes the connection half-way.
 */
final class RepoServer implements AutoCloseable {

    private final HttpServer server;
    private final Path root;

    RepoServer(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> serve(exchange, false));
        server.createContext("/cut/", exchange -> serve(exchange, true));
        server.start();
    }

    /** The URL of a path under the served folder. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    private void serve(HttpExchange exchange, boolean cut) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().replaceFirst("^/(cut/)?", "");
            Path file = root.resolve(path).normalize();
            // An index is served whole even on the cut path: only bundle downloads break.
            boolean cutThis = cut && path.endsWith(".jar");
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, cutThis ? bytes.length / 2 : bytes.length);
                if (cutThis) {
                    out.flush();
                    // Closing the socket under the exchange: the client sees the body end early.
                    throw new IOException("cut half-way on purpose");
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
