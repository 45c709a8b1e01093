package io.tessera.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The trust manager made at the first handshake checks what the JDK's default one checks: a real
 * HTTPS server on 127.0.0.1 with a certificate made here is refused until that certificate is in
 * the trust store, and then only under the host name it was made for.
 */
class TrustOnFirstHandshakeTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    Path dir;
    private HttpsServer server;
    private String trustStoreBefore;
    private String trustStorePasswordBefore;

    @BeforeEach
    void serveHttpsWithACertificateOfOurOwn() throws Exception {
        Path keys = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", PASSWORD);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keys.toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        trustStoreBefore = System.getProperty("javax.net.ssl.trustStore");
        trustStorePasswordBefore = System.getProperty("javax.net.ssl.trustStorePassword");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        restore("javax.net.ssl.trustStore", trustStoreBefore);
        restore("javax.net.ssl.trustStorePassword", trustStorePasswordBefore);
    }

    @Test
    void aCertificateNobodyTrustsIsRefused() {
        assertThrows(SSLHandshakeException.class, () -> get("localhost"));
    }

    @Test
    void aTrustedCertificateIsAcceptedUnderItsOwnNameOnly() throws Exception {
        Path certificate = dir.resolve("server.cer");
        keytool("-exportcert", "-alias", "server", "-keystore", dir.resolve("server.p12").toString(), "-storepass",
                PASSWORD, "-file", certificate.toString());
        Path trusted = dir.resolve("trusted.p12");
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", trusted.toString(), "-storepass", PASSWORD);
        // Read at the first handshake, which is the point: nothing was loaded when the client was built.
        System.setProperty("javax.net.ssl.trustStore", trusted.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        assertEquals(204, get("localhost"));
        // The certificate names localhost, not 127.0.0.1: the host name is still verified.
        var e = assertThrows(java.io.IOException.class, () -> get("127.0.0.1"));
        assertTrue(String.valueOf(e.getMessage()).contains("127.0.0.1"), e.toString());
    }

    /** A GET through the HTTP client as CloudClients builds it; the status code. */
    private int get(String host) throws Exception {
        try (SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(5)).tlsTrustManagersProvider(TrustOnFirstHandshake::managers)
                .build()) {
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                    .uri(URI.create("https://" + host + ":" + server.getAddress().getPort() + "/")).build();
            return http.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call().httpResponse()
                    .statusCode();
        }
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), "keytool " + String.join(" ", arguments) + ":\n" + output);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
