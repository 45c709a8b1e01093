package io.tessera.ui.parts;

import org.eclipse.swt.widgets.Widget;

/** Stable ids on the widgets that tests (and screen readers of the code) look for. */
public final class WidgetIds {
    public static final String KEY = "tessera.id";

    private WidgetIds() {
    }

    public static <W extends Widget> W tag(W widget, String id) {
        widget.setData(KEY, id);
        return widget;
    }
}
