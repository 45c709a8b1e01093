package io.tessera.ops.imagej;

import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's python3-skimage sample images, unpacked by {@code ./tessera test}. */
public final class SampleImages {
    private SampleImages() {
    }

    public static Path get(String name) {
        String dir = System.getProperty("tessera.testdata", "");
        Path file = Path.of(dir, name);
        if (dir.isEmpty() || !Files.isRegularFile(file)) {
            throw new IllegalStateException("sample image " + name + " not found in '" + dir
                    + "': run the tests with ./tessera test, which unpacks them");
        }
        return file;
    }
}
