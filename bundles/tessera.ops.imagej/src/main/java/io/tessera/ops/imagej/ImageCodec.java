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
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new UnreadableImageException(name + " declares " + reader.getWidth(0) + "×"
                            + reader.getHeight(0) + " pixels, more than the limit of " + maxPixels);
                }
                int images = reader.getNumImages(true);
                if (images > 1) {
                    // ImageJ would open a stack; a job is one image in, one image out.
                    throw new UnreadableImageException(name + " holds " + images + " images (pages or frames); "
                            + "Tessera filters one image per file: save the pages as separate files first"
                            + " (in ImageJ: Image › Stacks › Stack to Images)");
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new UnreadableImageException(name + " is damaged or incomplete: the " + formatOf(reader)
                            + " decoder says \"" + String.join("; ", warnings) + "\"");
                }
                if ("jpeg".equalsIgnoreCase(reader.getFormatName())) {
                    return decodeJpegLikeImageJ(bytes, name);
                }
                if (isFloatGray(image)) {
                    return floatImage(image, name);
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
        return switch (ip.getBitDepth()) {
            case 8, 24 -> {
                if (PngEncoder.handles(ip)) {
                    yield new Encoded(PngEncoder.encode(ip, pngLevel), ".png", "image/png");
                }
                // A colour or inverting lookup table: ImageIO keeps it as the PNG's palette.
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (!ImageIO.write(ip.getBufferedImage(), "png", out)) {
                    throw new IOException("no PNG encoder is available");
                }
                yield new Encoded(out.toByteArray(), ".png", "image/png");
            }
            default -> new Encoded(new FileSaver(new ImagePlus("result", ip)).serialize(), ".tif", "image/tiff");
        };
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
