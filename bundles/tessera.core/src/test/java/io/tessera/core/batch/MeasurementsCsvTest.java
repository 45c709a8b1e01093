package io.tessera.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.core.job.JobCodec;
import io.tessera.core.job.Measurements;
import io.tessera.core.op.MeasurementTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementsCsvTest {
    @Test
    void tablesAreJoinedWithTheImagesNamesAndTheUnionOfTheirColumns() {
        Measurements a = new Measurements(1, "inputs/x/a,b.png", "a,b.png", List.of(
                new MeasurementTable("analyze-particles", List.of("Area", "Circ."),
                        List.of(new double[] {12, 0.5}, new double[] {7.25, Double.NaN}))));
        Measurements b = new Measurements(1, "inputs/y/say \"hi\".png", "say \"hi\".png", List.of(
                new MeasurementTable("measure", List.of("Area", "Mean"), List.of(new double[] {262144, 118.31}))));
        assertEquals("""
                image,measurement,n,Area,Circ.,Mean\r
                "a,b.png",analyze-particles,1,12,0.5,\r
                "a,b.png",analyze-particles,2,7.25,NaN,\r
                "say ""hi"".png",measure,1,262144,,118.31\r
                """, MeasurementsCsv.of(List.of(a, b)));
        assertEquals(3, MeasurementsCsv.rows(List.of(a, b)));
    }

    @Test
    void measurementsSurviveTheirJsonWithNaNAndInfinity() {
        Measurements stored = new Measurements(JobCodec.VERSION, "inputs/x/a.png", "a.png", List.of(
                new MeasurementTable("measure", List.of("Skew", "Max"),
                        List.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY}))));
        Measurements read = JobCodec.decodeMeasurements(JobCodec.encode(stored));
        assertEquals("a.png", read.image());
        assertEquals(List.of("Skew", "Max"), read.tables().get(0).columns());
        assertEquals(Double.NaN, read.tables().get(0).value(0, "Skew"));
        assertEquals(Double.POSITIVE_INFINITY, read.tables().get(0).value(0, "Max"));
    }
}
