package io.tessera.ui.session;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.ConnectionCheck;
import io.tessera.core.batch.BatchClient;
import io.tessera.core.batch.DeadLetters;
import io.tessera.core.op.OperationCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The workbench's connection to S3 and SQS: which configuration is in use, the clients made from
 * it (on first use, and again after the user changes it), and this workspace's events queue.
 * Everything here that talks to a server is slow: call it in a Job.
 */
public final class Connection {
    /** A live connection: its clients and the queue this workspace hears its jobs' events on. */
    public record Connected(CloudClients clients, String eventsQueue) {
    }

    private final Path workspaceDir;
    private final ConnectionSettings settings;
    private final List<Consumer<Connected>> onConnect = new CopyOnWriteArrayList<>();
    private volatile Connected current;
    private volatile boolean closed;

    public Connection(Path workspaceDir) {
        this.workspaceDir = workspaceDir;
        this.settings = new ConnectionSettings(workspaceDir);
    }

    /** Told of every new connection, on the thread that made it (the job board starts listening there). */
    void onConnect(Consumer<Connected> listener) {
        onConnect.add(listener);
    }

    /** The connection in use, connecting on first use. */
    synchronized Connected connected() throws IOException {
        if (closed) {
            throw new IOException("the workbench is closing");
        }
        if (current == null) {
            CloudClients clients = new CloudClients(currentConfig());
            String eventsQueue = "tessera-events-wb-" + clientId();
            clients.createQueue(eventsQueue);
            current = new Connected(clients, eventsQueue);
            onConnect.forEach(listener -> listener.accept(current));
        }
        return current;
    }

    CloudClients clients() throws IOException {
        return connected().clients();
    }

    /** Whether {@code connection} is still the one in use (false once the user changed it, or on close). */
    boolean isCurrent(Connected connection) {
        return !closed && current == connection;
    }

    BatchClient batchClient(OperationCatalog catalog) throws IOException {
        Connected c = connected();
        return new BatchClient(c.clients().objectStore(), c.clients().jobs(), c.clients().queue(c.eventsQueue()),
                c.eventsQueue(), catalog).signingWith(c.clients().config().macroKeyBytes());
    }

    /** The connection in use: the one saved in the workbench, else the one it was started with. */
    public CloudConfig currentConfig() throws IOException {
        java.util.Optional<CloudConfig> saved = settings.load();
        return saved.isPresent() ? saved.get() : CloudConfig.read(configFile());
    }

    /** Where the connection in use comes from, for the user to see. */
    public String configurationName() {
        try {
            return Files.isRegularFile(settings.file())
                    ? settings.file() + " (saved in this workspace; the secret key in secure storage)"
                    : configFile() + " (as the workbench was started)";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** What of {@code config} works, each finding in words a user can act on. */
    public List<ConnectionCheck.Finding> check(CloudConfig config) {
        try (CloudClients probe = new CloudClients(config)) {
            return probe.check();
        }
    }

    /** Creates the bucket and queues {@code config} names where they are missing. */
    public void createMissing(CloudConfig config) throws IOException {
        try (CloudClients probe = new CloudClients(config)) {
            probe.provision();
        }
    }

    /** Keeps {@code config} for this workspace (its secret key in secure storage) and connects with it. */
    public void save(CloudConfig config) throws IOException {
        settings.save(config);
        disconnect();
    }

    /** Forgets the saved connection and goes back to the one the workbench was started with. */
    public void forget() throws IOException {
        settings.forget();
        disconnect();
    }

    /** An object from the bucket, e.g. a result's input for a before/after view. */
    public byte[] readObject(String key) throws IOException {
        return clients().objectStore().get(key);
    }

    /** The jobs the cluster could not run; listing, redriving and discarding them. */
    public DeadLetters deadLetters() throws IOException {
        CloudClients c = clients();
        return new DeadLetters(c.deadLetters(), c.jobs());
    }

    /** Drops the clients; the next use connects again with the current configuration. */
    private synchronized void disconnect() {
        Connected old = current;
        current = null;
        if (old != null) {
            old.clients().close();
        }
    }

    /** Closes the clients for good; jobs keep running on the cluster and their events wait in the queue. */
    public synchronized void close() {
        closed = true;
        disconnect();
    }

    /**
     * The configuration file: {@code -Dtessera.config=…}, else the local servers' one under the
     * Tessera home (where {@code ./tessera start} puts it).
     */
    static Path configFile() throws IOException {
        String explicit = System.getProperty("tessera.config");
        Path file = explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : io.tessera.cloud.local.TesseraHome.ofThisProcess().resolve("local/cloud.properties");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no Tessera configuration at " + file + "; start the workbench with ./tessera start");
        }
        return file;
    }

    /**
     * This workspace's events queue survives restarts, so that events of jobs that finished while
     * the workbench was closed are still delivered.
     */
    private String clientId() throws IOException {
        Path idFile = workspaceDir.resolve(".metadata").resolve("tessera-client-id");
        if (Files.exists(idFile)) {
            return Files.readString(idFile).strip();
        }
        String id = UUID.randomUUID().toString().substring(0, 12);
        Files.createDirectories(idFile.getParent());
        Files.writeString(idFile, id);
        return id;
    }
}
