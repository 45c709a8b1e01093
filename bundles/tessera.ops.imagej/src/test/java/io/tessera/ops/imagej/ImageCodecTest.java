package io.tessera.ops.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ShortProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageCodecTest {
    private final ImageCodec codec = new ImageCodec(50_000_000L);

    /** Results must equal what a user gets from the same file in ImageJ, so decoding must too. */
    @ParameterizedTest
    @ValueSource(strings = {"camera.png", "astronaut.png", "rocket.jpg", "chessboard_GRAY_U16.tif", "coins.png",
            "chessboard_GRAY_U16B.tif", "chessboard_RGB.png", "chessboard_GRAY.png", "block.png", "brick.png",
            "bw_text.png", "cell.png", "checker_bilevel.png", "chelsea.png", "clock_motion.png", "coffee.png", "color.png",
            "foo3x5x4indexed.png", "grass.png", "gravel.png", "green_palette.png", "horse.png", "hubble_deep_field.jpg",
            "ihc.png", "logo.png", "microaneurysms.png", "moon.png", "motorcycle_left.png", "page.png",
            "palette_color.png", "palette_gray.png", "phantom.png", "retina.jpg", "text.png"})
    void decodesExactlyWhatImageJOpens(String image) throws Exception {
        ImagePlus reference = IJ.openImage(SampleImages.get(image).toString());
        ImagePlus decoded = codec.decode(Files.readAllBytes(SampleImages.get(image)), image);
        assertEquals(reference.getBitDepth(), decoded.getBitDepth(), "pixel type of " + image);
        PixelAssertions.assertPixelsEqual(reference.getProcessor(), decoded.getProcessor(), "decoded " + image);
    }

    /**
     * A result encoded and decoded again is the same image: pixels, and for 8-bit images their
     * lookup table (a palette image keeps its colours, an inverting LUT stays inverting), at the
     * fastest PNG level and the smallest.
     */
    @ParameterizedTest
    @ValueSource(strings = {"camera.png", "astronaut.png", "rocket.jpg", "palette_color.png", "green_palette.png",
            "coins.png", "chelsea.png", "text.png"})
    void encodedResultsDecodeToTheSameImage(String image) throws Exception {
        for (int level : new int[] {1, 9}) {
            ImageCodec atLevel = new ImageCodec(50_000_000L, level);
            ij.process.ImageProcessor original = codec.decode(Files.readAllBytes(SampleImages.get(image)), image)
                    .getProcessor();
            ImageCodec.Encoded encoded = atLevel.encode(original);
            assertEquals(".png", encoded.extension());
            ij.process.ImageProcessor again = codec.decode(encoded.bytes(), image).getProcessor();
            PixelAssertions.assertPixelsEqual(original, again, image + " through PNG at level " + level);
            if (original.getBitDepth() == 8) {
                assertTrue(java.util.Arrays.equals(lut(original), lut(again)), image + ": the lookup table is kept");
            }
        }
        ij.process.ByteProcessor inverted = (ij.process.ByteProcessor) codec.decode(
                Files.readAllBytes(SampleImages.get("camera.png")), "camera.png").getProcessor();
        inverted.invertLut();
        ij.process.ImageProcessor again = codec.decode(codec.encode(inverted).bytes(), "inverted").getProcessor();
        PixelAssertions.assertPixelsEqual(inverted, again, "an image with an inverting LUT");
        assertTrue(java.util.Arrays.equals(lut(inverted), lut(again)), "the inverting LUT is kept");
    }

    @Test
    void aPngLevelOutsideOneToNineIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ImageCodec(1, 0));
        assertEquals("the PNG level must be 1 to 9, not 0", e.getMessage());
    }

    private static byte[] lut(ij.process.ImageProcessor ip) {
        java.awt.image.IndexColorModel colors = (java.awt.image.IndexColorModel) ip.getColorModel();
        byte[] rgb = new byte[3 * colors.getMapSize()];
        for (int i = 0; i < colors.getMapSize(); i++) {
            rgb[3 * i] = (byte) colors.getRed(i);
            rgb[3 * i + 1] = (byte) colors.getGreen(i);
            rgb[3 * i + 2] = (byte) colors.getBlue(i);
        }
        return rgb;
    }

    /** A large result is written to a file instead of memory: the same bytes either way. */
    @ParameterizedTest
    @ValueSource(strings = {"camera.png", "astronaut.png", "palette_color.png", "chessboard_GRAY_U16.tif"})
    void encodingToAFileGivesTheBytesEncodingInMemoryGives(String image,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.util.List<ij.process.ImageProcessor> results = new java.util.ArrayList<>();
        results.add(codec.decode(Files.readAllBytes(SampleImages.get(image)), image).getProcessor());
        if (image.endsWith(".tif")) {
            results.add(results.get(0).convertToFloat()); // 32-bit too
        }
        for (ij.process.ImageProcessor result : results) {
            ImageCodec.Encoded inMemory = codec.encode(result);
            java.nio.file.Path file = dir.resolve("result" + result.getBitDepth());
            assertEquals(inMemory.extension(), codec.encodeTo(result, file));
            org.junit.jupiter.api.Assertions.assertArrayEquals(inMemory.bytes(), Files.readAllBytes(file),
                    image + " at " + result.getBitDepth() + " bits");
        }
    }

    /** The header-only probe that checks pipelines before upload must agree with the full decode. */
    @ParameterizedTest
    @ValueSource(strings = {"camera.png", "astronaut.png", "rocket.jpg", "chessboard_GRAY_U16.tif", "coins.png",
            "palette_color.png", "palette_gray.png", "green_palette.png", "chelsea.png", "retina.jpg", "horse.png",
            "foo3x5x4indexed.png", "chessboard_GRAY_U16B.tif", "checker_bilevel.png", "logo.png"})
    void probeSeesThePixelTypeTheDecoderMakes(String image) throws Exception {
        io.tessera.core.op.PixelType decoded = io.tessera.core.op.PixelType.of(
                codec.decode(Files.readAllBytes(SampleImages.get(image)), image).getProcessor());
        assertEquals(java.util.Optional.of(decoded), ImageCodec.probe(SampleImages.get(image)));
    }

    /** A 32-bit float TIFF as ImageJ writes it (a 32-bit result of Tessera is one) decodes to the same floats. */
    @Test
    void thirtyTwoBitTiffDecodesToTheFloatsImageJOpens(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ImagePlus camera = IJ.openImage(SampleImages.get("camera.png").toString());
        ij.process.FloatProcessor floats = camera.getProcessor().convertToFloatProcessor();
        floats.multiply(1.0 / 3.7); // values that are no integers
        java.nio.file.Path file = dir.resolve("camera-32bit.tif");
        IJ.saveAsTiff(new ImagePlus("camera-32bit", floats), file.toString());
        ImagePlus reference = IJ.openImage(file.toString());
        ImagePlus decoded = codec.decode(Files.readAllBytes(file), "camera-32bit.tif");
        assertEquals(32, decoded.getBitDepth());
        PixelAssertions.assertPixelsEqual(reference.getProcessor(), decoded.getProcessor(), "decoded 32-bit TIFF");
        assertEquals(java.util.Optional.of(io.tessera.core.op.PixelType.GRAY32), ImageCodec.probe(file));
    }

    @Test
    void truncatedJpegIsRefusedNotFilteredAsGrey() throws Exception {
        byte[] bytes = Files.readAllBytes(SampleImages.get("truncated.jpg"));
        var e = assertThrows(UnreadableImageException.class, () -> codec.decode(bytes, "truncated.jpg"));
        assertTrue(e.getMessage().startsWith("truncated.jpg is damaged or incomplete: the decoder says"), e.getMessage());
    }

    @Test
    void textNamedPngIsRefusedWithWhatItStartsWith() {
        byte[] bytes = "hello, I am not a picture\n".getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(UnreadableImageException.class, () -> codec.decode(bytes, "notes.png"));
        assertEquals("notes.png is not an image in a format Tessera reads (PNG, JPEG, TIFF, GIF, BMP);"
                + " it starts with \"hello, I am not \"", e.getMessage());
    }

    @Test
    void emptyFileIsRefused() {
        var e = assertThrows(UnreadableImageException.class, () -> codec.decode(new byte[0], "zero.png"));
        assertEquals("zero.png is empty (0 bytes)", e.getMessage());
    }

    @Test
    void imageAboveThePixelLimitIsRefusedBeforeDecoding() throws Exception {
        byte[] bytes = Files.readAllBytes(SampleImages.get("camera.png"));
        var e = assertThrows(UnreadableImageException.class, () -> new ImageCodec(1000).decode(bytes, "camera.png"));
        assertEquals("camera.png declares 512×512 pixels, more than the limit of 1000", e.getMessage());
    }

    @Test
    void eightBitBecomesPngAndSixteenBitStaysSixteenBitInTiff() throws Exception {
        ImagePlus camera = codec.decode(Files.readAllBytes(SampleImages.get("camera.png")), "camera.png");
        ImageCodec.Encoded png = codec.encode(camera.getProcessor());
        assertEquals(".png", png.extension());
        PixelAssertions.assertPixelsEqual(camera.getProcessor(),
                codec.decode(png.bytes(), "again.png").getProcessor(), "PNG round trip");

        ShortProcessor deep = new ShortProcessor(7, 5);
        deep.set(3, 2, 40_000);
        ImageCodec.Encoded tiff = codec.encode(deep);
        assertEquals(".tif", tiff.extension());
        ImagePlus back = codec.decode(tiff.bytes(), "deep.tif");
        assertEquals(16, back.getBitDepth());
        assertEquals(40_000, back.getProcessor().get(3, 2));
    }
}
