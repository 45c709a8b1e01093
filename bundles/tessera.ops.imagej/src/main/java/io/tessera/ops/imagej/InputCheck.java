package io.tessera.ops.imagej;

import io.tessera.core.op.InvalidPipelineException;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.op.PixelType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Checks, from headers alone, that a pipeline can run on each input, before anything is uploaded. */
public final class InputCheck {
    private InputCheck() {
    }

    /** @throws InvalidPipelineException naming the first file the pipeline cannot take, and why */
    public static void pipelineFits(OperationCatalog catalog, List<PipelineStep> pipeline, List<Path> files) {
        for (Path file : files) {
            Optional<PixelType> type = ImageCodec.probe(file);
            if (type.isPresent()) {
                try {
                    catalog.validate(pipeline, type.get());
                } catch (InvalidPipelineException e) {
                    throw new InvalidPipelineException(file.getFileName() + " is " + type.get().label() + ": "
                            + e.getMessage());
                }
            }
        }
    }
}
