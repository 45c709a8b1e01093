package io.tessera.cluster;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import io.tessera.ops.imagej.ImageCodec;
import io.tessera.ops.imagej.UnreadableImageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A worker rank's first jobs, run on made-up images as the rank starts, so that the first real
 * jobs find their code loaded and compiled. A new JVM runs a job's path interpreted at first: the
 * job's JSON, the codecs, the hash for the provenance, the SDK's signed upload, and the Gaussian
 * blur's vector loops, which C2 takes longest to compile. In {@code bench pipeline}'s cluster.log
 * the first job of a rank just started took 1.6 s and began 1.7 s after rank 0 handed it over,
 * where the jobs after it took 0.1–0.4 s.
 *
 * <p>It runs the real {@link JobRunner} once on each pixel type (decode, filter, encode and upload,
 * as a job does), then the decode, filter and encode alone, in memory, for some rounds more. It
 * runs on a thread of its own beside the slots, so no job ever waits for it: a job that comes
 * meanwhile runs at once, on code that compiles all the sooner. Its results go to one object per
 * rank and pixel type under {@code cluster/<jobs queue>/warm-up/}, written over at each start; no
 * client hears of them.
 */
final class WarmUp implements Runnable {
    /**
     * Rounds in memory after the one through S3. Measured alone on this machine (a JVM, the
     * catalogue, nothing else): twelve blurs of a 384×384 RGB image left the next 1-MP one at 20
     * ms, as fast as it gets; sixty of a 128×128 one left it at 90–170 ms.
     */
    static final int ROUNDS_IN_MEMORY = 12;
    /** Large enough that the loops run hot, small enough to cost the rank a second or two. */
    static final int SIDE = 384;
    private static final List<PipelineStep> PIPELINE = List.of(PipelineStep.parse("gaussian-blur:sigma=2"));

    private final JobRunner runner;
    private final OperationCatalog catalog;
    private final ImageCodec codec;
    private final int rank;
    private final String keyPrefix;

    WarmUp(JobRunner runner, OperationCatalog catalog, ImageCodec codec, int rank, String jobsQueue) {
        this.runner = runner;
        this.catalog = catalog;
        this.codec = codec;
        this.rank = rank;
        this.keyPrefix = "cluster/" + jobsQueue + "/warm-up/";
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        ThreadTime before = ThreadTime.now();
        try {
            // Each made-up image encoded once: the input of its job through S3, then of the rounds.
            List<byte[]> inputs = new ArrayList<>();
            for (PixelType type : PixelType.values()) {
                byte[] input = codec.encode(madeUp(type)).bytes();
                JobEvent event = throughS3(type, input);
                if (event.state() != JobState.DONE) {
                    ClusterLog.info(rank, "warm-up-stopped", "type", type, "state", event.state(), "error",
                            event.error());
                    return;
                }
                inputs.add(input);
            }
            long firstRound = System.nanoTime();
            // What users upload most: the codec's own formats, and photographs in JPEG, whose
            // decode is ImageJ's conversion of ImageIO's image (in the samples a 2-MP JPEG's first
            // job took 1.4 s, its third 0.55 s).
            inputs.add(jpeg(madeUp(PixelType.RGB)));
            inputs.add(jpeg(madeUp(PixelType.GRAY8)));
            long lastRound = 0;
            for (int round = 0; round < ROUNDS_IN_MEMORY; round++) {
                long roundStart = System.nanoTime();
                for (byte[] input : inputs) {
                    codec.encode(catalog.run(codec.decode(input, "warm-up").getProcessor(), PIPELINE).image());
                }
                lastRound = System.nanoTime() - roundStart;
            }
            ClusterLog.info(rank, "warm-up-done", "ms", (System.nanoTime() - start) / 1_000_000, "cpu-ms",
                    ThreadTime.now().since(before).cpuMillis(), "through-s3-ms", (firstRound - start) / 1_000_000,
                    "last-round-ms", lastRound / 1_000_000);
        } catch (IOException | UnreadableImageException | RuntimeException e) {
            // It only ever saves time: a rank that cannot warm up runs its jobs all the same.
            ClusterLog.info(rank, "warm-up-stopped", "error", String.valueOf(e));
        }
    }

    /**
     * One made-up job of {@code type}, on its encoded {@code input}, through the real runner, S3
     * and all, reported as a real one is.
     */
    private JobEvent throughS3(PixelType type, byte[] input) throws IOException {
        String name = "rank-" + rank + "-" + type.name().toLowerCase(java.util.Locale.ROOT);
        JobSpec spec = new JobSpec(JobCodec.VERSION, "warm-up-" + name, "warm-up", keyPrefix + name + "-input",
                keyPrefix + name, "none", PIPELINE);
        // Handed over as is: a job's message must keep its keys under inputs/ and results/, which are the users'.
        JobEvent event = runner.run(new HandedJob(spec, false, true), rank, () -> input, () -> { });
        JobCodec.decodeEvent(JobCodec.encode(event));
        return event;
    }

    private static byte[] jpeg(ImageProcessor image) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        if (!javax.imageio.ImageIO.write(image.getBufferedImage(), "jpeg", bytes)) {
            throw new IOException("this JVM has no JPEG writer");
        }
        return bytes.toByteArray();
    }

    /** A gradient with noise on it, as a photograph's pixels vary more than a flat test card's. */
    static ImageProcessor madeUp(PixelType type) {
        SplittableRandom random = new SplittableRandom(type.ordinal());
        ImageProcessor image = switch (type) {
            case GRAY8 -> new ByteProcessor(SIDE, SIDE);
            case GRAY16 -> new ShortProcessor(SIDE, SIDE);
            case GRAY32 -> new FloatProcessor(SIDE, SIDE);
            case RGB -> new ColorProcessor(SIDE, SIDE);
        };
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int level = (x + y) / 3 + random.nextInt(32);
                switch (type) {
                    case GRAY8 -> image.set(x, y, Math.min(255, level));
                    case GRAY16 -> image.set(x, y, level * 97);
                    case GRAY32 -> image.setf(x, y, level / 7f - 20);
                    case RGB -> image.set(x, y, 0xff000000 | Math.min(255, level) << 16
                            | (255 - Math.min(255, level)) << 8 | random.nextInt(256)); // opaque, as decoded
                }
            }
        }
        return image;
    }
}
