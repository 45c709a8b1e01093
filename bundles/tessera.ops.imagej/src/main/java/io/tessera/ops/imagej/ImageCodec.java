package io.tessera.ops.imagej;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ImageProcessor;
import io.tessera.core.op.PixelType;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Bytes to ImageJ images and back, strictly: anything the decoder only half understood (a
 * truncated JPEG decodes to grey with a mere warning) is refused rather than filtered.
 */
public final class ImageCodec {
    /** 8-bit and RGB results are PNG, 16- and 32-bit results TIFF, so no precision is lost. */
    public record Encoded(byte[] bytes, String extension, String contentType) {
    }

    private final long maxPixels;
    private final int pngLevel;

    /** @param maxPixels images whose header declares more pixels are refused before decoding */
    public ImageCodec(long maxPixels) {
        this(maxPixels, PngEncoder.FASTEST);
    }

    /** @param pngLevel deflate level of PNG results, 1 (fastest, the default) to 9 (smallest) */
    public ImageCodec(long maxPixels, int pngLevel) {
        if (pngLevel < 1 || pngLevel > 9) {
            throw new IllegalArgumentException("the PNG level must be 1 to 9, not " + pngLevel);
        }
        this.maxPixels = maxPixels;
        this.pngLevel = pngLevel;
    }

    public ImagePlus decode(byte[] bytes, String name) throws UnreadableImageException {
        if (bytes.length == 0) {
            throw new UnreadableImageException(name + " is empty (0 bytes)");
        }
        if (PngDecoder.readsLayoutOf(bytes)) {
            ImageProcessor plain = decodePlainPng(bytes, name);
            if (plain != null) {
                return new ImagePlus(name, plain);
            }
        }
        ij.io.FileInfo deepTiff = DeepTiffDecoder.isTiff(bytes) ? DeepTiffDecoder.plainHeader(bytes) : null;
        if (deepTiff != null) {
            checkPixelLimit(deepTiff.width, deepTiff.height, name);
            return new ImagePlus(name, DeepTiffDecoder.decode(bytes, deepTiff));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableImageException(name + " is not an image in a format Tessera reads"
                        + " (PNG, JPEG, TIFF, GIF, BMP); it starts with " + describeStart(bytes));
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                // Not forward-only: counting the images looks ahead, then the first one is read.
                reader.setInput(in, false, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                checkPixelLimit(reader.getWidth(0), reader.getHeight(0), name);
                int images = reader.getNumImages(true);
                if (images > 1) {
                    // ImageJ would open a stack; a job is one image in, one image out.
                    throw new UnreadableImageException(name + " holds " + images + " images (pages or frames); "
                            + "Tessera filters one image per file: save the pages as separate files first"
                            + " (in ImageJ: Image › Stacks › Stack to Images)");
                }
                boolean jpeg = "jpeg".equalsIgnoreCase(reader.getFormatName());
                ImageProcessor direct = jpeg ? null : directTarget(reader);
                BufferedImage image = reader.read(0, readParam(reader, jpeg, direct));
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException(name + " is damaged or incomplete: the " + formatOf(reader)
                            + " decoder says \"" + String.join("; ", warnings) + "\"");
                }
                if (jpeg) {
                    return decodeJpegLikeImageJ(bytes, name);
                }
                if (direct != null) {
                    if (direct.getPixels() instanceof int[] rgb) {
                        for (int i = 0; i < rgb.length; i++) {
                            rgb[i] |= 0xff000000; // opaque, as ImageJ's own RGB images are
                        }
                    }
                    return new ImagePlus(name, direct);
                }
                if (isFloatGray(image)) {
                    return floatImage(image, name);
                }
                if (image.getColorModel().hasAlpha()) {
                    return opaqueRgb(image, name);
                }
                return new ImagePlus(name, image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException(name + " is damaged or incomplete: the decoder says \""
                    + reasonOf(e) + "\"");
        }
    }

    private void checkPixelLimit(long width, long height, String name) throws UnreadableImageException {
        if (width * height > maxPixels) {
            throw new UnreadableImageException(name + " declares " + width + "×" + height
                    + " pixels, more than the limit of " + maxPixels);
        }
    }

    /** Gray and RGB PNGs through {@link PngDecoder}; null when the file has a chunk it leaves to ImageIO. */
    private ImageProcessor decodePlainPng(byte[] bytes, String name) throws UnreadableImageException {
        checkPixelLimit(PngDecoder.width(bytes), PngDecoder.height(bytes), name);
        try {
            return PngDecoder.decode(bytes);
        } catch (ar.com.hjg.pngj.PngjBadCrcException e) {
            throw new UnreadableImageException(name + " is damaged: a chunk's checksum does not match its data"
                    + " (the PNG decoder says \"" + reasonOf(e) + "\")");
        } catch (RuntimeException e) { // PNGJ's exceptions are unchecked: a premature end, bad zlib data
            throw new UnreadableImageException(name + " is damaged or incomplete: the PNG decoder says \""
                    + reasonOf(e) + "\"");
        }
    }

    /**
     * A processor for the decoder to write into, when the file's own pixel layout is one ImageJ
     * keeps as it is: 8-bit gray, 16-bit gray, 8-bit RGB. The decoder then fills the processor's
     * array through a BufferedImage that shares it, instead of filling an image of its own that
     * ImageJ copies — one copy of the pixels instead of two, which is what lets an image at the
     * pixel limit fit in a rank's heap. Null for every other layout (palette, alpha, float,
     * 1-bit…): those take ImageJ's own conversion, as before.
     */
    private static ImageProcessor directTarget(ImageReader reader) throws IOException {
        // What ImageIO.read would make: the reader's first image type.
        Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            return null;
        }
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        return switch (types.next().getBufferedImageType()) {
            case BufferedImage.TYPE_BYTE_GRAY -> new ij.process.ByteProcessor(width, height);
            case BufferedImage.TYPE_USHORT_GRAY -> new ij.process.ShortProcessor(width, height);
            case BufferedImage.TYPE_3BYTE_BGR -> offers(reader, BufferedImage.TYPE_INT_RGB)
                    ? new ij.process.ColorProcessor(width, height) : null;
            default -> null;
        };
    }

    private static boolean offers(ImageReader reader, int bufferedImageType) throws IOException {
        for (Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext();) {
            if (types.next().getBufferedImageType() == bufferedImageType) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the decoder writes: into {@code direct}'s pixels when there is one. A JPEG is read here
     * only to check that it is whole (the pixels come from ImageJ's decoder, below): every 8th row
     * and column is enough for that, since the decoder still reads every byte of the stream.
     */
    private static javax.imageio.ImageReadParam readParam(ImageReader reader, boolean jpeg, ImageProcessor direct) {
        javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
        if (jpeg) {
            param.setSourceSubsampling(8, 8, 0, 0);
        } else if (direct != null) {
            param.setDestination(sharing(direct));
        }
        return param;
    }

    /** A BufferedImage whose data buffer is {@code ip}'s own pixel array. */
    private static BufferedImage sharing(ImageProcessor ip) {
        int width = ip.getWidth();
        int height = ip.getHeight();
        Object pixels = ip.getPixels();
        if (pixels instanceof byte[] bytes) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            return new BufferedImage(image.getColorModel(), java.awt.image.Raster.createWritableRaster(
                    image.getSampleModel(), new java.awt.image.DataBufferByte(bytes, bytes.length), null), false, null);
        }
        if (pixels instanceof short[] shorts) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
            return new BufferedImage(image.getColorModel(), java.awt.image.Raster.createWritableRaster(
                    image.getSampleModel(), new java.awt.image.DataBufferUShort(shorts, shorts.length), null), false,
                    null);
        }
        int[] ints = (int[]) pixels;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        return new BufferedImage(image.getColorModel(), java.awt.image.Raster.createWritableRaster(
                image.getSampleModel(), new java.awt.image.DataBufferInt(ints, ints.length), null), false, null);
    }

    /**
     * An image with transparency (RGBA, gray with alpha, a palette with transparent entries) opens
     * in ImageJ as opaque RGB, as if drawn on white: a transparent pixel is white, a half
     * transparent one half its colour.
     */
    private static ImagePlus opaqueRgb(BufferedImage image, String name) {
        int width = image.getWidth();
        int height = image.getHeight();
        ij.process.ColorProcessor rgb = new ij.process.ColorProcessor(width, height);
        java.awt.Graphics2D g = sharing(rgb).createGraphics(); // drawn straight into the processor's pixels
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        int[] pixels = (int[]) rgb.getPixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] |= 0xff000000;
        }
        return new ImagePlus(name, rgb);
    }

    private static boolean isFloatGray(BufferedImage image) {
        return image.getRaster().getNumBands() == 1
                && image.getRaster().getDataBuffer().getDataType() == java.awt.image.DataBuffer.TYPE_FLOAT;
    }

    /**
     * A 32-bit float TIFF: ImageJ's {@code ImagePlus(String, BufferedImage)} cannot take a float
     * raster, so the samples are copied into the FloatProcessor that ImageJ's own TIFF opener makes.
     */
    private static ImagePlus floatImage(BufferedImage image, String name) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] pixels = image.getRaster().getSamples(0, 0, width, height, 0, new float[width * height]);
        return new ImagePlus(name, new ij.process.FloatProcessor(width, height, pixels));
    }

    /**
     * ImageJ opens JPEGs through AWT's toolkit decoder, whose colour conversion rounds differently
     * from ImageIO's. Results must equal what a user gets from the same file in ImageJ, so the pixels
     * come from the same decoder; ImageIO has already read the file strictly, because the toolkit
     * decodes a truncated JPEG without complaint.
     */
    private static ImagePlus decodeJpegLikeImageJ(byte[] bytes, String name) {
        ImagePlus imp = new ImagePlus(name, Toolkit.getDefaultToolkit().createImage(bytes));
        if (imp.getType() == ImagePlus.COLOR_RGB) {
            Opener.convertGrayJpegTo8Bits(imp);
        }
        return imp;
    }

    /**
     * The pixel type ImageJ will see, from the file's header alone, so that a pipeline can be
     * checked against every input before anything is uploaded. Empty when the header cannot be
     * read: such a file is left to fail as a job, with the decoder's reason.
     */
    public static java.util.Optional<PixelType> probe(java.nio.file.Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return java.util.Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                javax.imageio.ImageTypeSpecifier type = reader.getImageTypes(0).next();
                java.awt.image.ColorModel colors = type.getColorModel();
                int bands = type.getSampleModel().getNumBands();
                int dataType = type.getSampleModel().getDataType();
                if (colors.hasAlpha()) {
                    return java.util.Optional.of(PixelType.RGB); // ImageJ opens transparency as opaque RGB
                }
                if (colors instanceof java.awt.image.IndexColorModel || bands == 1 && dataType == java.awt.image.DataBuffer.TYPE_BYTE) {
                    return java.util.Optional.of(PixelType.GRAY8); // ImageJ keeps a palette image as 8-bit with its LUT
                }
                if (bands == 1 && (dataType == java.awt.image.DataBuffer.TYPE_USHORT || dataType == java.awt.image.DataBuffer.TYPE_SHORT)) {
                    return java.util.Optional.of(PixelType.GRAY16);
                }
                if (bands == 1 && dataType == java.awt.image.DataBuffer.TYPE_FLOAT) {
                    return java.util.Optional.of(PixelType.GRAY32);
                }
                return java.util.Optional.of(PixelType.RGB);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The extension {@link #encode} gives an image of this pixel type. */
    public static String extensionFor(PixelType type) {
        return type == PixelType.GRAY8 || type == PixelType.RGB ? ".png" : ".tif";
    }

    public Encoded encode(ImageProcessor ip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String extension = encode(ip, out);
        return new Encoded(out.toByteArray(), extension, contentTypeOf(extension));
    }

    /**
     * Writes the encoded image to a file: for results too large to hold encoded in memory beside
     * their pixels. Returns the extension ({@code .png} or {@code .tif}); the bytes are those of
     * {@link #encode(ImageProcessor)}.
     */
    public String encodeTo(ImageProcessor ip, java.nio.file.Path file) throws IOException {
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file),
                1 << 20)) {
            return encode(ip, out);
        }
    }

    public static String contentTypeOf(String extension) {
        return extension.equals(".png") ? "image/png" : "image/tiff";
    }

    private String encode(ImageProcessor ip, java.io.OutputStream out) throws IOException {
        switch (ip.getBitDepth()) {
            case 8, 24 -> {
                if (PngEncoder.handles(ip)) {
                    PngEncoder.encode(ip, pngLevel, out);
                } else if (!ImageIO.write(ip.getBufferedImage(), "png", out)) { // keeps a colour or inverting LUT
                    throw new IOException("no PNG encoder is available");
                }
                return ".png";
            }
            default -> {
                // ImageJ's TIFF writer, as FileSaver uses it, streaming the pixels to {@code out}.
                ImagePlus imp = new ImagePlus("result", ip);
                ij.io.FileInfo info = imp.getFileInfo();
                info.description = new FileSaver(imp).getDescriptionString();
                new ij.io.TiffEncoder(info).write(out);
                return ".tif";
            }
        }
    }

    private static String formatOf(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    private static String reasonOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String describeStart(byte[] bytes) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < Math.min(bytes.length, 16); i++) {
            char c = (char) (bytes[i] & 0xff);
            text.append(c >= 32 && c < 127 ? c : '.');
        }
        return text.append('"').toString();
    }
}
