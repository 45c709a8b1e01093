package io.tessera.ui.session;

import io.tessera.cloud.CloudConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;

/**
 * The connection chosen in the workbench, kept with the workspace: everything but the secret key
 * in {@code connection.properties}, the secret key encrypted in Eclipse secure storage, never in a
 * plain file, a preference or a log. Without saved settings the workbench uses the configuration
 * {@code ./tessera start} names (the local servers').
 *
 * <p>The product ships no password provider (no keyring integration, no prompt), so the storage's
 * master password is a random key generated into an owner-only file beside it; a platform with a
 * keyring provider can take its place without changing what is stored.
 */
final class ConnectionSettings {
    private static final String NODE = "tessera/connection";
    private static final String SECRET = "secret.key";
    private static final String MACRO_KEY = "macro.key";

    private final Path dir;

    ConnectionSettings(Path workspace) {
        this.dir = workspace.resolve(".metadata").resolve(".plugins").resolve("tessera.ui");
    }

    Path file() {
        return dir.resolve("connection.properties");
    }

    /** The saved connection, secret key included, or empty when none was saved. */
    Optional<CloudConfig> load() throws IOException {
        if (!Files.isRegularFile(file())) {
            return Optional.empty();
        }
        CloudConfig saved = CloudConfig.read(file());
        try {
            saved = saved.withMacroKey(storage().node(NODE).get(MACRO_KEY, null));
        } catch (StorageException e) {
            throw new IOException("cannot read the macro key from secure storage: " + e.getMessage(), e);
        }
        if (saved.accessKey() == null) {
            return Optional.of(saved);
        }
        try {
            String secret = storage().node(NODE).get(SECRET, null);
            if (secret == null) {
                throw new IOException("the secret key for " + saved.accessKey() + " is missing from secure storage; "
                        + "enter it again in the Connection dialog");
            }
            return Optional.of(saved.withSecretKey(secret));
        } catch (StorageException e) {
            throw new IOException("cannot read the secret key from secure storage: " + e.getMessage(), e);
        }
    }

    /** Saves {@code config}: its secret key to secure storage, the rest to the settings file. */
    void save(CloudConfig config) throws IOException {
        Files.createDirectories(dir);
        try {
            ISecurePreferences storage = storage();
            if (config.secretKey() != null) {
                storage.node(NODE).put(SECRET, config.secretKey(), true);
            } else {
                storage.node(NODE).remove(SECRET);
            }
            if (config.macroKey() != null) {
                storage.node(NODE).put(MACRO_KEY, config.macroKey(), true);
            } else {
                storage.node(NODE).remove(MACRO_KEY);
            }
            storage.flush();
        } catch (StorageException e) {
            throw new IOException("cannot keep the keys in secure storage: " + e.getMessage(), e);
        }
        config.withSecretKey(null).withMacroKey(null).write(file());
    }

    /** Forgets the saved connection: the workbench goes back to the one it was started with. */
    void forget() throws IOException {
        Files.deleteIfExists(file());
        if (Files.exists(dir.resolve("secure_storage"))) {
            try {
                ISecurePreferences storage = storage();
                storage.node(NODE).removeNode();
                storage.flush();
            } catch (IOException e) {
                // nothing worth keeping is left behind: the node held only the secret
            }
        }
    }

    private ISecurePreferences storage() throws IOException {
        Files.createDirectories(dir);
        return SecurePreferencesFactory.open(dir.resolve("secure_storage").toUri().toURL(),
                Map.of(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec(masterPassword()), IProviderHints.PROMPT_USER,
                        Boolean.FALSE));
    }

    private char[] masterPassword() throws IOException {
        Path key = dir.resolve("secure_storage.key");
        if (!Files.exists(key)) {
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
        }
        return Files.readString(key).strip().toCharArray();
    }
}
