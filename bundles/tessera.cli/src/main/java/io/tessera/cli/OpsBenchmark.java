package io.tessera.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.process.AutoThresholder;
import ij.process.ImageProcessor;
import io.tessera.core.op.Operation;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.ParameterValues;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import io.tessera.ops.imagej.GaussianBlurOperation;
import io.tessera.ops.imagej.ImageCodec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tessera bench ops}: megapixels per second of every operation on 2048×2048 images of
 * each pixel type it accepts, through the operation contract (catalogue lookup, validation,
 * binding, pixel-type check) and, in the same run and alternating with it, through the bare
 * ImageJ call the operation makes. The ratio is the contract's overhead. One thread, as a rank runs.
 */
final class OpsBenchmark {
    private static final int SIZE = 2048;
    private static final long MIN_NANOS_PER_SIDE = 600_000_000L;

    private final PrintStream out;
    private final OperationCatalog catalog;

    OpsBenchmark(PrintStream out, OperationCatalog catalog) {
        this.out = out;
        this.catalog = catalog;
    }

    int run(Path samples) {
        Prefs.setThreads(1);
        Map<PixelType, ImageProcessor> images = images(samples);
        // "op.apply": the operation's own call on ImageJ's classes; "catalog.apply": the same step
        // through the catalogue (lookup, validation, parameter binding, pixel-type check), as a rank runs it.
        out.printf("%-20s %-12s %19s %24s %9s%n", "operation", "pixel type", "op.apply MP/s",
                "catalog.apply MP/s", "overhead");
        List<Double> overheads = new ArrayList<>();
        double bareTotal = 0;
        double contractTotal = 0;
        for (Operation op : catalog.operations()) {
            PipelineStep step = new PipelineStep(op.id(), Map.of());
            ParameterValues values = catalog.bind(step);
            for (PixelType type : op.info().accepts()) {
                boolean onMask = op.takesMasksOnly();
                ImageProcessor input = onMask ? mask(images.get(PixelType.GRAY8)) : images.get(type);
                double[] seconds = measure(input, ip -> own(op, ip, values), ip -> catalog.apply(ip, List.of(step)));
                double megapixels = SIZE * (double) SIZE / 1e6;
                double overhead = seconds[1] / seconds[0] - 1;
                bareTotal += seconds[0];
                contractTotal += seconds[1];
                overheads.add(overhead);
                out.printf("%-20s %-12s %19.1f %24.1f %8.1f%%%n", op.id(), type.label(), megapixels / seconds[0],
                        megapixels / seconds[1], 100 * overhead);
            }
        }
        double[] sorted = overheads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        out.printf("per case: median %+.2f%%, from %+.1f%% to %+.1f%% over %d cases (single cases swing with this"
                + " machine's noise, both ways)%n", 100 * sorted[sorted.length / 2], 100 * sorted[0],
                100 * sorted[sorted.length - 1], sorted.length);
        out.printf("catalog.apply/op.apply %.4f%n", contractTotal / bareTotal);
        codecs(images);
        return Main.OK;
    }

    /**
     * The codecs beside the filters, one thread: Tessera's encode (PNG through PNGJ for 8-bit and
     * RGB, ImageJ's TIFF writer for 16- and 32-bit) against the JDK's ImageIO writer with its
     * defaults, and Tessera's decode of what it wrote (PNGJ for gray and RGB PNG, ImageIO for TIFF)
     * against ImageIO's reader with ImageJ's conversion of its image, as ImageJ opens a file; each
     * pair measured alternately in the same run.
     */
    void codecs(Map<PixelType, ImageProcessor> images) {
        ImageCodec codec = new ImageCodec(Long.MAX_VALUE);
        double megapixels = SIZE * (double) SIZE / 1e6;
        out.printf("%n%-12s %12s %18s %6s %12s %18s %6s %9s%n", "pixel type", "encode MP/s", "ImageIO enc. MP/s",
                "ratio", "decode MP/s", "ImageIO dec. MP/s", "ratio", "bytes/px");
        for (Map.Entry<PixelType, ImageProcessor> entry : images.entrySet()) {
            ImageProcessor image = entry.getValue();
            String format = image.getBitDepth() == 8 || image.getBitDepth() == 24 ? "png" : "tiff";
            double[] encode = measurePair(image, ip -> encodeOrFail(codec, ip), ip -> imageIo(ip, format));
            byte[] encoded = encodeOrFail(codec, image).bytes();
            double[] decode = alternately(() -> encoded, bytes -> decodeOrFail(codec, bytes), OpsBenchmark::imageIoRead);
            out.printf("%-12s %12.1f %18.1f %6.2f %12.1f %18.1f %6.2f %9.2f%n", entry.getKey().label(),
                    megapixels / encode[0], megapixels / encode[1], encode[1] / encode[0], megapixels / decode[0],
                    megapixels / decode[1], decode[1] / decode[0], encoded.length / (megapixels * 1e6));
        }
        blur(images);
    }

    /**
     * The filter beside the codecs: Tessera's Gaussian blur (σ = 2, the operation as a rank calls it)
     * against ImageJ's GaussianBlur called directly with the same accuracy, alternately, one thread.
     */
    private void blur(Map<PixelType, ImageProcessor> images) {
        Prefs.setThreads(1);
        Operation gaussian = catalog.require("gaussian-blur");
        ParameterValues sigma2 = catalog.bind(PipelineStep.parse("gaussian-blur:sigma=2"));
        double megapixels = SIZE * (double) SIZE / 1e6;
        out.printf("%n%-12s %22s %26s %6s   (Tessera's blur here: %s)%n", "pixel type", "gaussian-blur σ=2 MP/s",
                "ImageJ's blurGaussian MP/s", "ratio", GaussianBlurOperation.engine());
        for (Map.Entry<PixelType, ImageProcessor> entry : images.entrySet()) {
            double accuracy = GaussianBlurOperation.accuracyFor(entry.getValue());
            double[] seconds = measure(entry.getValue(), ip -> gaussian.apply(ip, sigma2), ip -> {
                new ij.plugin.filter.GaussianBlur().blurGaussian(ip, 2, 2, accuracy);
                return ip;
            });
            out.printf("%-12s %22.1f %26.1f %6.2f%n", entry.getKey().label(), megapixels / seconds[0],
                    megapixels / seconds[1], seconds[1] / seconds[0]);
        }
    }

    /** {@code bench codecs}: the codec table alone, on the same images. */
    int codecs(Path samples) {
        codecs(images(samples));
        return Main.OK;
    }

    /**
     * The JDK's reader and ImageJ's conversion of what it read: the decode baseline. (ImageJ cannot
     * convert a float raster; its samples are copied, as ImageCodec does.)
     */
    private static ImageProcessor imageIoRead(byte[] bytes) {
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            java.awt.image.Raster raster = image.getRaster();
            if (raster.getDataBuffer().getDataType() == java.awt.image.DataBuffer.TYPE_FLOAT) {
                return new ij.process.FloatProcessor(image.getWidth(), image.getHeight(), raster.getSamples(0, 0,
                        image.getWidth(), image.getHeight(), 0, new float[image.getWidth() * image.getHeight()]));
            }
            return new ImagePlus("bench", image).getProcessor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ImageCodec.Encoded encodeOrFail(ImageCodec codec, ImageProcessor ip) {
        try {
            return codec.encode(ip);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ImageProcessor decodeOrFail(ImageCodec codec, byte[] bytes) {
        try {
            return codec.decode(bytes, "bench").getProcessor();
        } catch (io.tessera.ops.imagej.UnreadableImageException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's writer with its defaults: the baseline. Returns its input so that it fits {@link #measure}. */
    private static ImageProcessor imageIo(ImageProcessor ip, String format) {
        try {
            javax.imageio.ImageIO.write(ip.getBufferedImage(), format, new java.io.ByteArrayOutputStream());
            return ip;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Median seconds per call of each side. The sides alternate call by call, so that the
     * machine's drift (other load, frequency, GC) falls on both alike.
     */
    private static double[] measure(ImageProcessor input, java.util.function.UnaryOperator<ImageProcessor> bare,
            java.util.function.UnaryOperator<ImageProcessor> contract) {
        return measurePair(input, bare::apply, contract::apply);
    }

    /** As {@link #measure}, for calls whose result is not an image (an encoder's bytes). */
    private static double[] measurePair(ImageProcessor input, java.util.function.Function<ImageProcessor, ?> bare,
            java.util.function.Function<ImageProcessor, ?> contract) {
        return alternately(input::duplicate, bare, contract);
    }

    /** Each side's median on inputs made afresh for every call, outside the time taken. */
    private static <T> double[] alternately(java.util.function.Supplier<T> input,
            java.util.function.Function<T, ?> bare, java.util.function.Function<T, ?> contract) {
        bare.apply(input.get());
        contract.apply(input.get());
        List<Long> bareTimes = new ArrayList<>();
        List<Long> contractTimes = new ArrayList<>();
        long spent = 0;
        while (bareTimes.size() < 3 || spent < 2 * MIN_NANOS_PER_SIDE) {
            long a = time(bare, input.get());
            long b = time(contract, input.get());
            bareTimes.add(a);
            contractTimes.add(b);
            spent += a + b;
        }
        return new double[] {median(bareTimes) / 1e9, median(contractTimes) / 1e9};
    }

    private static <T> long time(java.util.function.Function<T, ?> filter, T input) {
        long start = System.nanoTime();
        filter.apply(input);
        return System.nanoTime() - start;
    }

    private static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** Real images (Debian's scikit-image samples) scaled to 2048×2048, one per pixel type. */
    private static Map<PixelType, ImageProcessor> images(Path samples) {
        ImageProcessor gray = open(samples.resolve("camera.png"));
        ImageProcessor rgb = open(samples.resolve("astronaut.png"));
        Map<PixelType, ImageProcessor> images = new EnumMap<>(PixelType.class);
        images.put(PixelType.GRAY8, gray);
        images.put(PixelType.RGB, rgb);
        images.put(PixelType.GRAY16, gray.convertToShortProcessor(false));
        images.get(PixelType.GRAY16).multiply(257);
        images.put(PixelType.GRAY32, gray.convertToFloatProcessor());
        return images;
    }

    private static ImageProcessor open(Path file) {
        ImagePlus imp = IJ.openImage(file.toString());
        if (imp == null) {
            throw new IllegalArgumentException("cannot open the sample image " + file);
        }
        ImageProcessor ip = imp.getProcessor();
        ip.setInterpolationMethod(ImageProcessor.BILINEAR);
        return ip.resize(SIZE, SIZE);
    }

    /** The operation's own work: a measuring one measures, then passes its image on, as the catalogue has it do. */
    private static ImageProcessor own(Operation op, ImageProcessor ip, ParameterValues values) {
        if (op instanceof io.tessera.core.op.MeasuringOperation measuring) {
            measuring.measure(ip, values);
        }
        return op.apply(ip, values);
    }

    private static ImageProcessor mask(ImageProcessor gray) {
        ImageProcessor copy = gray.duplicate();
        copy.setAutoThreshold(AutoThresholder.Method.Otsu, false, ImageProcessor.NO_LUT_UPDATE);
        return copy.createMask();
    }

}
