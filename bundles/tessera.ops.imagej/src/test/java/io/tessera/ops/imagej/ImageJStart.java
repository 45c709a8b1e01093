package io.tessera.ops.imagej;

/**
 * Starts ImageJ's command layer the way the machine allows, before any ImageJ class loads: with a
 * display, unpatched, as a user has it (the build's default of headless AWT is lifted for this
 * JVM); without one, patched by ij1-patcher so that its commands run headless.
 */
final class ImageJStart {
    private ImageJStart() {
    }

    private static final boolean HEADLESS = start();

    /** @return whether ImageJ runs headless (patched); the start happens once per JVM, whoever asks first */
    static boolean prepare() {
        return HEADLESS;
    }

    private static boolean start() {
        System.setProperty("java.awt.headless", String.valueOf(System.getenv("DISPLAY") == null));
        boolean headless = java.awt.GraphicsEnvironment.isHeadless();
        if (headless) {
            net.imagej.patcher.LegacyInjector.preinit();
        }
        return headless;
    }
}
