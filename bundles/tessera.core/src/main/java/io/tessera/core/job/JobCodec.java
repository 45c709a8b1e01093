package io.tessera.core.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.core.op.PipelineStep;
import java.util.List;

/**
 * JSON for jobs and events. Every message carries {@code "version"}; a reader refuses versions it
 * does not know with a message saying so, instead of guessing at fields.
 */
public final class JobCodec {
    public static final int VERSION = 1;
    /** The error of a job cancelled by its client before it ran. */
    public static final String CANCELLED = "cancelled by its client before it ran";

    /**
     * Where a client marks a job it cancels: the cluster answers such a job
     * {@link JobState#CANCELLED} instead of running it. The marker's content does not matter.
     */
    public static String cancelKey(String batch, String jobId) {
        return "cancelled/" + batch + "/" + jobId;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private JobCodec() {
    }

    public static String encode(Object message) {
        try {
            if (message instanceof JobEvent event && event.state() == JobState.CANCELLED) {
                // On the wire a cancelled job is FAILED with "cancelled": true, an optional field of
                // version 1: readers from before CANCELLED existed still see a final state and the reason.
                com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.valueToTree(event);
                tree.put("state", JobState.FAILED.name());
                tree.put("cancelled", true);
                return MAPPER.writeValueAsString(tree);
            }
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message, e);
        }
    }

    public static JobSpec decodeJob(String json) {
        JobSpec job = decode(json, JobSpec.class, "job");
        require(job.jobId(), "jobId", "job");
        require(job.batch(), "batch", "job");
        require(job.inputKey(), "inputKey", "job");
        require(job.resultKeyStem(), "resultKeyStem", "job");
        require(job.eventsQueue(), "eventsQueue", "job");
        // A job says where its result goes: it may only ever write under its own batch's results.
        if (!job.batch().equals(io.tessera.core.batch.SafeNames.segment(job.batch()))) {
            throw new ProtocolException("the job's batch name \"" + abbreviate(job.batch())
                    + "\" has characters a batch name cannot have");
        }
        requireKeyUnder(job.inputKey(), "inputs/", "inputKey");
        requireKeyUnder(job.resultKeyStem(), "results/" + job.batch() + "/", "resultKeyStem");
        return job;
    }

    /** Where the sender of a job listens, and the event to send there. */
    public record Notice(String eventsQueue, JobEvent event) {
    }

    /**
     * For a job message that cannot be read (another version, a field missing): a FAILED event
     * with {@code reason} for its sender, when the message still says who that is.
     */
    public static java.util.Optional<Notice> failureNotice(String body, String reason) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree != null && tree.path("jobId").isTextual() && tree.path("batch").isTextual()
                    && tree.path("eventsQueue").isTextual()) {
                return java.util.Optional.of(new Notice(tree.get("eventsQueue").asText(), new JobEvent(VERSION,
                        tree.get("jobId").asText(), tree.get("batch").asText(), tree.path("inputKey").asText(null),
                        JobState.FAILED, -1, null, reason, 0, null, null, null)));
            }
        } catch (JsonProcessingException e) {
            // not JSON: nobody to tell
        }
        return java.util.Optional.empty();
    }

    private static void requireKeyUnder(String key, String prefix, String field) {
        boolean inside = key.startsWith(prefix) && key.length() > prefix.length() && !key.contains("\\")
                && java.util.Arrays.stream(key.split("/", -1)).noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
        if (!inside) {
            throw new ProtocolException("the job's " + field + " \"" + abbreviate(key) + "\" is not a key under "
                    + prefix);
        }
    }

    public static JobEvent decodeEvent(String json) {
        JobEvent event = decode(json, JobEvent.class, "event");
        require(event.jobId(), "jobId", "event");
        if (event.state() == null) {
            throw new ProtocolException("the event has no state");
        }
        if (event.state() == JobState.FAILED && json.contains("\"cancelled\"") && isCancelled(json)) {
            return new JobEvent(event.version(), event.jobId(), event.batch(), event.inputKey(), JobState.CANCELLED,
                    event.rank(), event.outputKey(), event.error(), event.millis(), event.note(), event.phases(),
                    event.host());
        }
        return event;
    }

    private static boolean isCancelled(String json) {
        try {
            return MAPPER.readTree(json).path("cancelled").asBoolean(false);
        } catch (JsonProcessingException e) {
            return false; // decoded once already: cannot happen
        }
    }

    public static ClusterStatus decodeClusterStatus(String json) {
        ClusterStatus status = decode(json, ClusterStatus.class, "cluster status");
        require(status.state(), "state", "cluster status");
        require(status.updatedAt(), "updatedAt", "cluster status");
        return status;
    }

    public static Measurements decodeMeasurements(String json) {
        Measurements measurements = decode(json, Measurements.class, "measurements");
        require(measurements.image(), "image", "measurements");
        return measurements;
    }

    public static Provenance decodeProvenance(String json) {
        return decode(json, Provenance.class, "provenance");
    }

    /**
     * A saved pipeline ({@code *.tessera-pipeline}: version and steps) or a result's provenance
     * (whose pipeline is taken), so that any result can be made again the same way.
     */
    public static List<PipelineStep> decodePipeline(String json) {
        PipelineFile file = decode(json, PipelineFile.class, "pipeline");
        if (file.steps() != null && !file.steps().isEmpty()) {
            return file.steps();
        }
        if (file.pipeline() != null && !file.pipeline().isEmpty()) {
            return file.pipeline();
        }
        throw new ProtocolException("the pipeline file has no steps");
    }

    /** The JSON of a {@code *.tessera-pipeline} file. */
    public static String encodePipeline(List<PipelineStep> steps) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(new PipelineFile(VERSION, steps, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + steps, e);
        }
    }

    /** Both shapes that carry a pipeline: a saved one ({@code steps}) and a provenance record ({@code pipeline}). */
    private record PipelineFile(int version, List<PipelineStep> steps, List<PipelineStep> pipeline) {
    }

    private static <T> T decode(String json, Class<T> type, String what) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("the " + what + " message is not JSON: " + abbreviate(json));
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException("the " + what + " message is not a JSON object: " + abbreviate(json));
        }
        JsonNode version = tree.get("version");
        if (version == null || !version.canConvertToInt()) {
            throw new ProtocolException("the " + what + " message has no version");
        }
        if (version.intValue() != VERSION) {
            throw new ProtocolException("the " + what + " message has version " + version.intValue()
                    + ", but this build of Tessera reads version " + VERSION + " only");
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("the " + what + " message is malformed: " + e.getOriginalMessage());
        }
    }

    private static void require(String value, String field, String what) {
        if (value == null || value.isBlank()) {
            throw new ProtocolException("the " + what + " message has no " + field);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
