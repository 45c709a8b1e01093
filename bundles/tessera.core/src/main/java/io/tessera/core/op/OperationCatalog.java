package io.tessera.core.op;

import ij.process.ImageProcessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The operations known to one process, and the one place where a pipeline is checked against
 * them. The workbench fills it from OSGi services, the cluster and the CLI from
 * {@link ServiceLoader}; both then validate and run pipelines the same way.
 */
public final class OperationCatalog {
    private final Map<String, Operation> byId = new TreeMap<>();
    /** Alias → the id it stands for. */
    private final Map<String, String> aliases = new TreeMap<>();

    public OperationCatalog(Collection<? extends Operation> operations) {
        for (Operation op : operations) {
            Operation previous = byId.putIfAbsent(op.id(), op);
            if (previous != null && previous.getClass() != op.getClass()) {
                throw new IllegalStateException("two operations claim the id " + op.id() + ": "
                        + previous.getClass().getName() + " and " + op.getClass().getName());
            }
        }
        for (Operation op : byId.values()) {
            for (String alias : op.aliases()) {
                String taken = byId.containsKey(alias) ? alias : aliases.putIfAbsent(alias, op.id());
                if (taken != null && !taken.equals(op.id())) {
                    throw new IllegalStateException(op.id() + " claims the alias " + alias + ", which is "
                            + (taken.equals(alias) ? "an operation's id" : "an alias of " + taken));
                }
            }
        }
    }

    /** Every operation registered through {@code META-INF/services} on the given class loader. */
    public static OperationCatalog fromServiceLoader(ClassLoader loader) {
        List<Operation> found = new ArrayList<>();
        ServiceLoader.load(Operation.class, loader).forEach(found::add);
        return new OperationCatalog(found);
    }

    public Collection<Operation> operations() {
        return byId.values();
    }

    /** Whether an operation has this id or alias. */
    public boolean knows(String id) {
        return byId.containsKey(aliases.getOrDefault(id, id));
    }

    /** The operation with this id or alias. */
    public Operation require(String id) {
        Operation op = byId.get(aliases.getOrDefault(id, id));
        if (op == null) {
            throw new InvalidPipelineException("unknown operation '" + id + "'; known operations: "
                    + String.join(", ", byId.keySet()) + (aliases.isEmpty() ? "" : "; also " + aliasList()));
        }
        return op;
    }

    /** The pipeline with every alias replaced by the id it stands for: what jobs and provenance carry. */
    public List<PipelineStep> canonical(List<PipelineStep> pipeline) {
        return pipeline.stream().map(step -> aliases.containsKey(step.op())
                ? new PipelineStep(aliases.get(step.op()), step.params()) : step).toList();
    }

    private String aliasList() {
        return String.join(", ", aliases.entrySet().stream().map(a -> a.getKey() + " (= " + a.getValue() + ")")
                .toList());
    }

    /** Checks one step and fills in the defaults of the parameters it leaves out. */
    public ParameterValues bind(PipelineStep step) {
        Operation op = require(step.op());
        List<Parameter> declared = op.info().parameters();
        Map<String, Object> values = new HashMap<>();
        for (Parameter p : declared) {
            values.put(p.name(), p.defaultValue());
        }
        for (Map.Entry<String, Object> given : step.params().entrySet()) {
            Parameter parameter = declared.stream().filter(p -> p.name().equals(given.getKey())).findFirst()
                    .orElseThrow(() -> new InvalidPipelineException(op.id() + " has no parameter '"
                            + given.getKey() + "'; its parameters: " + names(op)));
            try {
                values.put(parameter.name(), parameter.coerce(given.getValue()));
            } catch (InvalidPipelineException e) {
                throw new InvalidPipelineException(op.id() + ": " + e.getMessage());
            }
        }
        ParameterValues bound = new ParameterValues(values);
        try {
            op.check(bound);
        } catch (InvalidPipelineException e) {
            throw new InvalidPipelineException(op.id() + ": " + e.getMessage());
        }
        return bound;
    }

    /** Checks a whole pipeline; an empty one is refused because it would only copy the image. */
    public void validate(List<PipelineStep> pipeline) {
        if (pipeline == null || pipeline.isEmpty()) {
            throw new InvalidPipelineException("the pipeline is empty; add at least one operation: "
                    + String.join(", ", byId.keySet()));
        }
        pipeline.forEach(this::bind);
    }

    /**
     * Checks that each step accepts the pixel type the previous one produces, starting from
     * {@code input}, and returns the type of the result. What code ({@link CodeOperation}) leaves
     * is known only once it has run: the steps after it are checked then ({@link #run}), and the
     * type returned is the one it was given.
     */
    public PixelType validate(List<PipelineStep> pipeline, PixelType input) {
        validate(pipeline);
        PixelType current = input;
        for (PipelineStep step : pipeline) {
            Operation op = require(step.op());
            if (op instanceof CodeOperation) {
                return current;
            }
            if (!op.info().accepts().contains(current)) {
                throw new InvalidPipelineException(op.id() + " does not work on " + current.label() + " images; it accepts "
                        + String.join(", ", op.info().accepts().stream().sorted().map(PixelType::label).toList()));
            }
            current = op.produces(current, bind(step));
        }
        return current;
    }

    /**
     * The pipeline's halo on an input of this pixel type: the sum of its steps' halos, or
     * {@link Operation#WHOLE_IMAGE} if any step needs the whole image.
     */
    public int halo(List<PipelineStep> pipeline, PixelType input) {
        int total = 0;
        PixelType current = input;
        for (PipelineStep step : pipeline) {
            Operation op = require(step.op());
            ParameterValues values = bind(step);
            int halo = op.halo(values, current);
            if (halo == Operation.WHOLE_IMAGE) {
                return Operation.WHOLE_IMAGE;
            }
            total += halo;
            current = op.produces(current, values);
        }
        return total;
    }

    /** Runs every step in order on {@code input}, after checking the pipeline against its pixel type. */
    public ImageProcessor apply(ImageProcessor input, List<PipelineStep> pipeline) {
        return run(input, pipeline).image();
    }

    /** What a pipeline made of one image: the image, and the tables of its measuring steps in order. */
    public record Outcome(ImageProcessor image, List<MeasurementTable> tables) {
        public Outcome {
            tables = List.copyOf(tables);
        }
    }

    /**
     * Runs every step in order on {@code input}, after checking the pipeline against its pixel
     * type; a {@link MeasuringOperation} measures the image as it is at its step, and a
     * {@link CodeOperation}'s tables follow in the order its code filled them.
     */
    public Outcome run(ImageProcessor input, List<PipelineStep> pipeline) {
        validate(pipeline, PixelType.of(input));
        ImageProcessor current = input;
        List<MeasurementTable> tables = new java.util.ArrayList<>();
        for (int index = 0; index < pipeline.size(); index++) {
            PipelineStep step = pipeline.get(index);
            Operation op = require(step.op());
            ParameterValues values = bind(step);
            if (op instanceof MeasuringOperation measuring) {
                tables.add(measuring.measure(current, values));
            }
            if (op instanceof CodeOperation code) {
                Outcome outcome = code.runCode(current, values);
                tables.addAll(outcome.tables());
                current = outcome.image();
                // Code may leave another pixel type than it was given: the steps after it are
                // checked again against the image they will get.
                if (index + 1 < pipeline.size()) {
                    validate(pipeline.subList(index + 1, pipeline.size()), PixelType.of(current));
                }
            } else {
                current = op.apply(current, values);
            }
        }
        return new Outcome(current, tables);
    }

    /**
     * Whether any step of the pipeline measures (or runs code, which may fill tables), so that its
     * jobs may have tables beside their results.
     */
    public boolean measures(List<PipelineStep> pipeline) {
        return pipeline.stream().map(step -> require(step.op()))
                .anyMatch(op -> op instanceof MeasuringOperation || op instanceof CodeOperation);
    }

    /** Whether any step runs code its parameters carry: such jobs must be signed. */
    public boolean carriesCode(List<PipelineStep> pipeline) {
        return pipeline.stream().anyMatch(step -> require(step.op()) instanceof CodeOperation);
    }

    private static String names(Operation op) {
        List<Parameter> parameters = op.info().parameters();
        return parameters.isEmpty() ? "none" : String.join(", ", parameters.stream().map(Parameter::name).toList());
    }
}
