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

    /**
     * 16- and 32-bit TIFFs as ImageJ writes them (Tessera's own results), in both byte orders, go
     * through ImageJ's reader; a compressed one through ImageIO. Each gives what ImageJ opens.
     */
    @Test
    void deepTiffsDecodeToWhatImageJOpens(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ij.process.ImageProcessor gray = IJ.openImage(SampleImages.get("camera.png").toString()).getProcessor();
        ij.process.ImageProcessor deep = gray.convertToShortProcessor(false);
        deep.multiply(257);
        ij.process.ImageProcessor floats = gray.convertToFloatProcessor();
        floats.multiply(1.0 / 3.7);
        boolean intel = ij.Prefs.intelByteOrder;
        try {
            for (ij.process.ImageProcessor original : java.util.List.of(deep, floats)) {
                for (boolean littleEndian : new boolean[] {false, true}) {
                    ij.Prefs.intelByteOrder = littleEndian;
                    java.nio.file.Path file = dir.resolve(original.getBitDepth() + "-" + littleEndian + ".tif");
                    IJ.saveAsTiff(new ImagePlus("deep", original.duplicate()), file.toString());
                    assertDecodesAsImageJOpens(file, original, original.getBitDepth() + "-bit TIFF, "
                            + (littleEndian ? "little" : "big") + "-endian");
                }
                java.nio.file.Path compressed = dir.resolve(original.getBitDepth() + "-deflate.tif");
                writeDeflatedTiff(original, compressed);
                assertDecodesAsImageJOpens(compressed, original, original.getBitDepth() + "-bit TIFF, deflated");
            }
        } finally {
            ij.Prefs.intelByteOrder = intel;
        }
    }

    private void assertDecodesAsImageJOpens(java.nio.file.Path file, ij.process.ImageProcessor original, String what)
            throws Exception {
        ImagePlus reference = IJ.openImage(file.toString());
        ImagePlus decoded = codec.decode(Files.readAllBytes(file), file.getFileName().toString());
        assertEquals(reference.getBitDepth(), decoded.getBitDepth(), what);
        PixelAssertions.assertPixelsEqual(reference.getProcessor(), decoded.getProcessor(), what);
        PixelAssertions.assertPixelsEqual(original, decoded.getProcessor(), what + " against its own pixels");
    }

    private static void writeDeflatedTiff(ij.process.ImageProcessor ip, java.nio.file.Path file) throws Exception {
        java.awt.image.BufferedImage image;
        if (ip instanceof ShortProcessor) {
            image = ((ShortProcessor) ip).get16BitBufferedImage();
        } else {
            java.awt.image.ComponentColorModel colors = new java.awt.image.ComponentColorModel(
                    java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), false, false,
                    java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_FLOAT);
            java.awt.image.WritableRaster raster = colors.createCompatibleWritableRaster(ip.getWidth(), ip.getHeight());
            raster.setSamples(0, 0, ip.getWidth(), ip.getHeight(), 0, (float[]) ip.getPixels());
            image = new java.awt.image.BufferedImage(colors, raster, false, null);
        }
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("tiff").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType("Deflate");
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /**
     * ImageJ's reader fills what is missing with zeros: a TIFF cut short is refused before it
     * gets there, with the decoder's reason.
     */
    @Test
    void aTruncatedDeepTiffIsRefused() throws Exception {
        ij.process.ImageProcessor deep = IJ.openImage(SampleImages.get("camera.png").toString()).getProcessor()
                .convertToShortProcessor(false);
        byte[] whole = codec.encode(deep).bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        var e = assertThrows(UnreadableImageException.class, () -> codec.decode(cut, "deep.tif"));
        assertTrue(e.getMessage().startsWith("deep.tif is damaged or incomplete"), e.getMessage());
    }

    /** A stack is refused with how to split it, however deep its samples. */
    @Test
    void aTiffWithSeveralImagesIsRefusedWithHowToSplitIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ij.ImageStack stack = new ij.ImageStack(64, 48);
        stack.addSlice(new ShortProcessor(64, 48));
        stack.addSlice(new ShortProcessor(64, 48));
        java.nio.file.Path file = dir.resolve("two.tif");
        IJ.saveAsTiff(new ImagePlus("two", stack), file.toString());
        var e = assertThrows(UnreadableImageException.class, () -> codec.decode(Files.readAllBytes(file), "two.tif"));
        assertTrue(e.getMessage().startsWith("two.tif holds 2 images (pages or frames)"), e.getMessage());
    }

    @Test
    void truncatedJpegIsRefusedNotFilteredAsGrey() throws Exception {
        byte[] bytes = Files.readAllBytes(SampleImages.get("truncated.jpg"));
        var e = assertThrows(UnreadableImageException.class, () -> codec.decode(bytes, "truncated.jpg"));
        assertTrue(e.getMessage().startsWith("truncated.jpg is damaged or incomplete: the decoder says"), e.getMessage());
    }

    /**
     * Gray and RGB PNGs are decoded by PNGJ, not ImageIO: every row filter a writer may choose, at 8
     * and 16 bits, must give what ImageJ opens. Written by PNGJ itself with one filter for every row,
     * then with the adaptive choice (a different filter row by row), from a sample's own pixels.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ar.com.hjg.pngj.FilterType.class, names = {"FILTER_NONE",
            "FILTER_SUB", "FILTER_UP", "FILTER_AVERAGE", "FILTER_PAETH", "FILTER_ADAPTIVE_FULL"})
    void everyRowFilterDecodesToWhatImageJOpens(ar.com.hjg.pngj.FilterType filter,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ij.process.ImageProcessor gray = IJ.openImage(SampleImages.get("camera.png").toString()).getProcessor();
        ij.process.ImageProcessor rgb = IJ.openImage(SampleImages.get("astronaut.png").toString()).getProcessor();
        ij.process.ImageProcessor deep = gray.convertToShort(false);
        deep.multiply(257); // every 16-bit sample its own high and low byte, not only 0–255
        for (ij.process.ImageProcessor original : java.util.List.of(gray, rgb, deep)) {
            java.nio.file.Path file = dir.resolve(original.getBitDepth() + ".png");
            writePng(original, filter, null, file);
            String what = original.getBitDepth() + "-bit PNG with " + filter;
            ImagePlus reference = IJ.openImage(file.toString());
            ImagePlus decoded = codec.decode(Files.readAllBytes(file), file.getFileName().toString());
            assertEquals(reference.getBitDepth(), decoded.getBitDepth(), what);
            PixelAssertions.assertPixelsEqual(reference.getProcessor(), decoded.getProcessor(), what);
            PixelAssertions.assertPixelsEqual(original, decoded.getProcessor(), what + " against its own pixels");
        }
    }

    /** A gray PNG with a transparent value is not plain gray: ImageIO and ImageJ's conversion still decide it. */
    @Test
    void aPngWithTransparencyIsDecodedAsImageJOpensIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ij.process.ImageProcessor gray = IJ.openImage(SampleImages.get("camera.png").toString()).getProcessor();
        java.nio.file.Path file = dir.resolve("transparent-black.png");
        writePng(gray, ar.com.hjg.pngj.FilterType.FILTER_SUB, 0, file);
        ImagePlus reference = IJ.openImage(file.toString());
        ImagePlus decoded = codec.decode(Files.readAllBytes(file), "transparent-black.png");
        assertEquals(reference.getBitDepth(), decoded.getBitDepth());
        PixelAssertions.assertPixelsEqual(reference.getProcessor(), decoded.getProcessor(), "gray with tRNS");
    }

    /** Cut anywhere, in its pixels or after them, a PNG is refused with the decoder's reason. */
    @ParameterizedTest
    @ValueSource(strings = {"camera.png", "astronaut.png"})
    void aTruncatedPngIsRefused(String image) throws Exception {
        byte[] whole = Files.readAllBytes(SampleImages.get(image));
        for (int length : new int[] {40, whole.length / 2, whole.length - 12}) { // -12: no IEND
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            var e = assertThrows(UnreadableImageException.class, () -> codec.decode(cut, image),
                    image + " cut to " + length + " bytes");
            assertTrue(e.getMessage().startsWith(image + " is damaged or incomplete: the PNG decoder says"),
                    e.getMessage());
        }
    }

    /**
     * One byte changed in a PNG's image data is refused by its chunk's CRC, where ImageIO, which
     * checks no CRC, could hand on whatever the damaged data inflates to.
     */
    @Test
    void aPngWithADamagedByteInItsPixelsIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(SampleImages.get("camera.png"));
        int idat = indexOf(bytes, "IDAT".getBytes(StandardCharsets.US_ASCII));
        bytes[idat + 4 + 1000] ^= 0x10;
        var e = assertThrows(UnreadableImageException.class, () -> codec.decode(bytes, "camera.png"));
        assertTrue(e.getMessage().startsWith("camera.png is damaged: a chunk's checksum does not match its data"),
                e.getMessage());
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer: for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** A PNG written by PNGJ: 8- or 16-bit gray or RGB, one filter, optionally a gray value made transparent. */
    private static void writePng(ij.process.ImageProcessor ip, ar.com.hjg.pngj.FilterType filter,
            Integer transparentGray, java.nio.file.Path file) throws Exception {
        boolean rgb = ip instanceof ij.process.ColorProcessor;
        ar.com.hjg.pngj.ImageInfo info = new ar.com.hjg.pngj.ImageInfo(ip.getWidth(), ip.getHeight(),
                ip.getBitDepth() == 16 ? 16 : 8, false, !rgb, false);
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            ar.com.hjg.pngj.PngWriter png = new ar.com.hjg.pngj.PngWriter(out, info);
            png.setFilterType(filter);
            if (transparentGray != null) {
                png.getMetadata().createTRNSChunk().setGray(transparentGray);
            }
            ar.com.hjg.pngj.ImageLineInt line = new ar.com.hjg.pngj.ImageLineInt(info);
            int[] row = line.getScanline();
            for (int y = 0; y < ip.getHeight(); y++) {
                for (int x = 0, j = 0; x < ip.getWidth(); x++) {
                    if (rgb) {
                        int c = ip.get(x, y);
                        row[j++] = c >> 16 & 0xff;
                        row[j++] = c >> 8 & 0xff;
                        row[j++] = c & 0xff;
                    } else {
                        row[j++] = ip.get(x, y);
                    }
                }
                png.writeRow(line);
            }
            png.end();
        }
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
