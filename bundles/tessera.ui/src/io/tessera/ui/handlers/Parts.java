package io.tessera.ui.handlers;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

/** Commands act through the part that owns the state: the upload view's files, the palette's pipeline. */
final class Parts {
    private Parts() {
    }

    /** Brings the part to the front (creating it if the user closed it) and returns its object. */
    static <T> T show(EPartService parts, String id, Class<T> type) {
        MPart part = parts.showPart(id, PartState.ACTIVATE);
        return type.cast(part.getObject());
    }
}
