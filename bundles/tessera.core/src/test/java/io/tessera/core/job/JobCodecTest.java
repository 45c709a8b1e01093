package io.tessera.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.core.op.PipelineStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobCodecTest {
    private final JobSpec job = new JobSpec(JobCodec.VERSION, "b-0", "b", "inputs/b/cat.png", "results/b/cat",
            "events-1", List.of(PipelineStep.parse("gaussian-blur:sigma=2"), PipelineStep.parse("invert")));

    @Test
    void jobsAndEventsSurviveTheRoundTrip() {
        assertEquals(job, JobCodec.decodeJob(JobCodec.encode(job)));
        JobEvent done = JobEvent.done(job, 1, "results/b/cat.png", 42);
        assertEquals(done, JobCodec.decodeEvent(JobCodec.encode(done)));
    }

    /**
     * A cancelled job is final and not a failure; on the wire it is FAILED with an optional
     * "cancelled" field, so a reader that predates CANCELLED still ends the job, with the reason.
     */
    @Test
    void aCancelledJobIsItsOwnStateAndReadersOfOldSeeAFailure() throws Exception {
        JobEvent cancelled = JobEvent.cancelled(job, 0);
        String wire = JobCodec.encode(cancelled);
        assertEquals(cancelled, JobCodec.decodeEvent(wire));
        assertEquals(JobState.CANCELLED, JobCodec.decodeEvent(wire).state());
        JobEvent asOldReadersSeeIt = new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(wire, JobEvent.class);
        assertEquals(JobState.FAILED, asOldReadersSeeIt.state());
        assertEquals(JobCodec.CANCELLED, asOldReadersSeeIt.error());
        assertEquals(JobState.FAILED, JobCodec.decodeEvent(JobCodec.encode(JobEvent.failed(job, 1, "no", 3))).state());
    }

    @Test
    void pipelineFilesAndProvenanceBothGiveTheirPipeline() {
        List<PipelineStep> steps = job.pipeline();
        assertEquals(steps, JobCodec.decodePipeline(JobCodec.encodePipeline(steps)));
        Provenance provenance = new Provenance(JobCodec.VERSION, "0.1.0", "1.54p", "inputs/b/cat.png", "ab12",
                "results/b/cat.png", steps, 1, "2026-11-24T12:00:00Z");
        assertEquals(steps, JobCodec.decodePipeline(JobCodec.encode(provenance)));
        assertEquals("the pipeline file has no steps",
                assertThrows(ProtocolException.class, () -> JobCodec.decodePipeline("{\"version\":1}")).getMessage());
    }

    @Test
    void unknownVersionIsRefusedWithAReason() {
        String future = JobCodec.encode(job).replace("\"version\":1", "\"version\":2");
        assertEquals("the job message has version 2, but this build of Tessera reads version 1 only",
                assertThrows(ProtocolException.class, () -> JobCodec.decodeJob(future)).getMessage());
    }

    @Test
    void notJsonAndMissingFieldsAreRefused() {
        assertEquals("the job message is not JSON: hello {",
                assertThrows(ProtocolException.class, () -> JobCodec.decodeJob("hello {")).getMessage());
        assertEquals("the job message has no version",
                assertThrows(ProtocolException.class, () -> JobCodec.decodeJob("{\"jobId\":\"x\"}")).getMessage());
        assertEquals("the job message has no inputKey", assertThrows(ProtocolException.class,
                () -> JobCodec.decodeJob(JobCodec.encode(job).replace("\"inputKey\":\"inputs/b/cat.png\",", "")))
                .getMessage());
    }

    /** A job from the queue may come from anyone: it must not make a rank write outside its batch's results. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "b, inputs/b/cat.png, results/b/../../cluster/x, resultKeyStem",
            "b, inputs/b/cat.png, results/other/cat, resultKeyStem",
            "b, inputs/b/cat.png, results/b/, resultKeyStem",
            "b, inputs/b/cat.png, /results/b/cat, resultKeyStem",
            "b, inputs/b/cat.png, results/b//cat, resultKeyStem",
            "b, ../secret, results/b/cat, inputKey",
            "b, inputs/../cluster/status.json, results/b/cat, inputKey",
            "../b, inputs/b/cat.png, results/../b/cat, batch"})
    void keysOutsideTheBatchAreRefused(String batch, String input, String stem, String field) {
        String json = JobCodec.encode(new JobSpec(JobCodec.VERSION, "b-0", batch, input, stem, "events-1",
                job.pipeline()));
        String message = assertThrows(ProtocolException.class, () -> JobCodec.decodeJob(json)).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(message.contains(field.equals("batch") ? "batch name" : field),
                message);
    }
}
