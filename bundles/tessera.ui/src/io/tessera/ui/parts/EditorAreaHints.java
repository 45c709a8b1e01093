package io.tessera.ui.parts;

import jakarta.inject.Inject;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.osgi.service.event.Event;

/**
 * A model add-on: shows {@link EditorAreaHintPart} in the editor stack exactly while no image
 * editor is open there, whether images open from Projects, the File menu, a drop or a restored
 * session, and whether they close one by one or all at once.
 */
public final class EditorAreaHints {
    static final String HINT_PART_ID = "tessera.ui.part.editorHint";

    @Inject
    private MApplication application;
    @Inject
    private EModelService models;

    @Inject
    @Optional
    void childrenChanged(@UIEventTopic(UIEvents.ElementContainer.TOPIC_CHILDREN) Event event) {
        if (isEditorStack(event.getProperty(UIEvents.EventTags.ELEMENT))) {
            update();
        }
    }

    @Inject
    @Optional
    void renderingChanged(@UIEventTopic(UIEvents.UIElement.TOPIC_TOBERENDERED) Event event) {
        if (event.getProperty(UIEvents.EventTags.ELEMENT) instanceof MPart part
                && ImageEditors.showsAnImage(part)) {
            update();
        }
    }

    private static boolean isEditorStack(Object element) {
        return element instanceof MPartStack stack && ImageEditors.EDITOR_STACK_ID.equals(stack.getElementId());
    }

    private void update() {
        if (!(models.find(ImageEditors.EDITOR_STACK_ID, application) instanceof MPartStack stack)
                || !(models.find(HINT_PART_ID, application) instanceof MPart hint)) {
            return;
        }
        boolean anImageIsOpen = false;
        for (MUIElement child : stack.getChildren()) {
            anImageIsOpen |= child != hint && child.isToBeRendered() && ImageEditors.showsAnImage(child);
        }
        if (hint.isToBeRendered() == anImageIsOpen) {
            hint.setToBeRendered(!anImageIsOpen);
        }
    }
}
