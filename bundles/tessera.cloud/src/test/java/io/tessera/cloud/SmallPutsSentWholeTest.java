package io.tessera.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What reaches the server: a small upload comes with its body at once, a large one still asks
 * first ({@code Expect: 100-continue}). The server is a real HTTP server on 127.0.0.1 that
 * answers every request as S3 answers a stored object, and records each request's Expect header.
 */
class SmallPutsSentWholeTest {
    private HttpServer server;
    private final List<String> expects = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            expects.add(String.valueOf(exchange.getRequestHeaders().getFirst("Expect")));
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("ETag", "\"0\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSmallUploadIsSentWholeALargeOneAsksFirst() throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (CloudClients clients = new CloudClients(new CloudConfig(endpoint, endpoint, "us-east-1", "key", "secret",
                "bucket", "jobs.fifo"))) {
            clients.objectStore().put("results/small.png", new byte[20_000], "image/png");
            clients.objectStore().put("results/at-the-limit.png", new byte[(int) SmallPutsSentWhole.LARGEST_WHOLE],
                    "image/png");
            clients.objectStore().put("results/large.tif", new byte[(int) SmallPutsSentWhole.LARGEST_WHOLE + 1],
                    "image/tiff");
        }
        assertEquals(List.of("null", "null", "100-continue"), expects);
    }
}
