package io.tessera.ui.parts;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.core.di.annotations.Creatable;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

/** Opens images in editor parts of the editor stack, one part per file. */
@Creatable
public final class ImageEditors {
    public static final String DESCRIPTOR_ID = "tessera.ui.partdescriptor.imageEditor";
    public static final String COMPARE_DESCRIPTOR_ID = "tessera.ui.partdescriptor.compare";
    public static final String EDITOR_STACK_ID = "tessera.app.partstack.editors";
    static final String FILE_KEY = "tessera.file";

    @Inject
    private EPartService parts;
    @Inject
    private EModelService model;
    @Inject
    private MApplication application;

    /** Opens {@code file} and gives its editor the focus. */
    public MPart open(Path file) {
        return open(file, PartState.ACTIVATE);
    }

    /** Opens {@code file} in front of the editor area, leaving the focus where it is (e.g. in the gallery). */
    public MPart show(Path file) {
        return open(file, PartState.VISIBLE);
    }

    /** Opens {@code left} and {@code right} side by side, zoom and pan locked together. */
    public MPart compare(Path left, Path right) {
        return openCompare(Map.of(CompareEditorPart.LEFT_KEY, left.toAbsolutePath().toString(),
                CompareEditorPart.RIGHT_KEY, right.toAbsolutePath().toString()), left.getFileName() + " ↔ " + right.getFileName());
    }

    /** Opens a result beside the input it was made from (read from the bucket), zoom and pan locked together. */
    public MPart compareWithInput(Path result) {
        return openCompare(Map.of(CompareEditorPart.INPUT_OF_RIGHT, "true",
                CompareEditorPart.RIGHT_KEY, result.toAbsolutePath().toString()), "input ↔ " + result.getFileName());
    }

    /** Whether {@code element} shows an image in the editor area: an image editor or a comparison. */
    public static boolean showsAnImage(MUIElement element) {
        return DESCRIPTOR_ID.equals(element.getElementId()) || COMPARE_DESCRIPTOR_ID.equals(element.getElementId());
    }

    private MPart openCompare(Map<String, String> state, String label) {
        for (MPart part : parts.getParts()) {
            if (COMPARE_DESCRIPTOR_ID.equals(part.getElementId()) && part.getPersistedState().entrySet().containsAll(state.entrySet())
                    && part.getPersistedState().size() == state.size()) {
                parts.showPart(part, PartState.ACTIVATE);
                return part;
            }
        }
        MPart part = parts.createPart(COMPARE_DESCRIPTOR_ID);
        part.setLabel(label);
        part.setTooltip(String.join(" ↔ ", state.values()));
        part.getPersistedState().putAll(state);
        MPartStack stack = (MPartStack) model.find(EDITOR_STACK_ID, application);
        stack.getChildren().add(part);
        parts.showPart(part, PartState.ACTIVATE);
        return part;
    }

    private MPart open(Path file, PartState state) {
        String path = file.toAbsolutePath().toString();
        for (MPart part : parts.getParts()) {
            if (DESCRIPTOR_ID.equals(part.getElementId()) && path.equals(part.getPersistedState().get(FILE_KEY))) {
                parts.showPart(part, state);
                return part;
            }
        }
        MPart part = parts.createPart(DESCRIPTOR_ID);
        part.setLabel(file.getFileName().toString());
        part.setTooltip(path);
        part.getPersistedState().put(FILE_KEY, path);
        MPartStack stack = (MPartStack) model.find(EDITOR_STACK_ID, application);
        stack.getChildren().add(part);
        parts.showPart(part, state);
        return part;
    }
}
