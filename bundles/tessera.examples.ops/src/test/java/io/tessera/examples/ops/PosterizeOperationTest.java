package io.tessera.examples.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import io.tessera.core.op.OperationCatalog;
import io.tessera.core.op.PipelineStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class PosterizeOperationTest {
    private final OperationCatalog catalog = OperationCatalog.fromServiceLoader(getClass().getClassLoader());

    @Test
    void grayRampBecomesFourEvenLevels() {
        ByteProcessor ramp = new ByteProcessor(256, 1);
        for (int x = 0; x < 256; x++) {
            ramp.set(x, 0, x);
        }
        var out = catalog.apply(ramp, List.of(PipelineStep.parse("posterize:levels=4")));
        assertEquals(0, out.get(0, 0));
        assertEquals(0, out.get(63, 0));
        assertEquals(85, out.get(64, 0));
        assertEquals(170, out.get(128, 0));
        assertEquals(255, out.get(255, 0));
    }

    @Test
    void rgbChannelsArePosterizedEachOnTheirOwn() {
        ColorProcessor rgb = new ColorProcessor(1, 1);
        rgb.set(0, 0, (200 << 16) | (100 << 8) | 30);
        int out = catalog.apply(rgb, List.of(PipelineStep.parse("posterize:levels=2"))).get(0, 0) & 0xffffff;
        assertEquals((255 << 16) | (0 << 8) | 0, out);
    }
}
