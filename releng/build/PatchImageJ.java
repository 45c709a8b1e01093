import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Build step of the cluster's jar (run by the pom, as a single source file): writes ImageJ's
 * classes as ij1-patcher patches them to run headless into the given classes folder, where they
 * take the place of ImageJ's own in the shaded jar. Skipped when that ImageJ was patched already.
 *
 * <p>{@code java -cp ij.jar:ij1-patcher.jar:javassist.jar PatchImageJ.java target/classes}
 */
public final class PatchImageJ {
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        String version = ij.ImageJ.VERSION + ij.ImageJ.BUILD;
        Path marker = classes.resolve("META-INF/tessera/imagej-patched-headless");
        if (Files.exists(marker) && Files.readString(marker).strip().equals(version)) {
            System.out.println("ImageJ " + version + " already patched in " + classes);
            return;
        }
        Path jar = Files.createTempFile("ij-patched-", ".jar");
        try {
            // headless: the command layer without AWT; not "fully" headless, which drops more than we need.
            net.imagej.patcher.LegacyInjector.writeJar(jar.toFile(), true, false);
            int written = 0;
            try (JarFile patched = new JarFile(jar.toFile())) {
                for (JarEntry entry : java.util.Collections.list(patched.entries())) {
                    if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
                        continue;
                    }
                    Path target = classes.resolve(entry.getName());
                    Files.createDirectories(target.getParent());
                    try (InputStream in = patched.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    written++;
                }
            }
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, version + "\n");
            System.out.println("ImageJ " + version + ": " + written + " classes patched to run headless, in " + classes);
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    private PatchImageJ() throws IOException {
    }
}
