package io.tessera.core.op;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an operation declares about itself, once. The palette's form, the CLI syntax, the
 * validation of job messages and the listing of {@code ./tessera ops} are all derived from it.
 *
 * @param id          stable identifier used in pipelines, job messages and the CLI
 * @param label       what a person reads in the palette
 * @param description one line saying what the operation does
 * @param category    the palette's grouping, e.g. "Filters", "Binary"
 * @param parameters  its parameters, in form order
 * @param accepts     the pixel types it can work on
 */
public record OperationInfo(String id, String label, String description, String category, List<Parameter> parameters,
        Set<PixelType> accepts) {

    public OperationInfo {
        parameters = List.copyOf(parameters);
        accepts = Set.copyOf(accepts);
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("operation ids are lower-case words joined by '-': " + id);
        }
    }

    /** An operation on every pixel type. */
    public static OperationInfo ofAllTypes(String id, String label, String description, String category,
            Parameter... parameters) {
        return new OperationInfo(id, label, description, category, List.of(parameters), EnumSet.allOf(PixelType.class));
    }

    public OperationInfo accepting(PixelType first, PixelType... more) {
        return new OperationInfo(id, label, description, category, parameters, EnumSet.of(first, more));
    }
}
