package io.tessera.cluster;

import ij.IJ;
import ij.ImagePlus;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.Measurements;
import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.OperationCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code PreviewMain INPUT.tif PIPELINE.json OUTPUT.tif TABLES.json}: one pipeline on one image in a
 * JVM of its own, as a rank runs it (this jar's ImageJ runs headless, patched at build time), for
 * the workbench's preview of a pipeline that runs an ImageJ macro. The macro's code never runs in
 * the workbench: there ImageJ would open a command's dialog and wait, and code that loops or exits
 * would take the workbench with it; a process can be stopped. Exit 0 with the result and its tables
 * written; 2 with the reason on standard error.
 */
public final class PreviewMain {
    private PreviewMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: PreviewMain INPUT.tif PIPELINE.json OUTPUT.tif TABLES.json");
            System.exit(2);
        }
        ImagePlus input = IJ.openImage(args[0]);
        if (input == null) {
            System.err.println("cannot read " + args[0]);
            System.exit(2);
        }
        OperationCatalog catalog = OperationCatalog.fromServiceLoader(PreviewMain.class.getClassLoader());
        try {
            OperationCatalog.Outcome outcome = catalog.run(input.getProcessor(),
                    JobCodec.decodePipeline(Files.readString(Path.of(args[1]))));
            if (!IJ.saveAsTiff(new ImagePlus("preview", outcome.image()), args[2])) {
                throw new java.io.IOException("cannot write " + args[2]);
            }
            Files.writeString(Path.of(args[3]), JobCodec.encode(new Measurements(JobCodec.VERSION, "preview",
                    "preview", outcome.tables())), StandardCharsets.UTF_8);
        } catch (InvalidPipelineException | io.tessera.core.job.ProtocolException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        System.exit(0); // ImageJ may leave threads behind
    }
}
