package io.tessera.ui.parts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** The bar above a view of one batch (the gallery, the measurements): "Batch", then the view's controls. */
final class BatchBar {
    private BatchBar() {
    }

    /**
     * Lays {@code parent} out as a bar over the view's content and returns the bar, which holds a
     * "Batch" label and has {@code columns} columns for it and the controls the view adds.
     */
    static Composite over(Composite parent, int columns) {
        GridLayout layout = new GridLayout(1, false);
        layout.verticalSpacing = 2;
        parent.setLayout(layout);
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout barLayout = new GridLayout(columns, false);
        barLayout.marginHeight = 0;
        barLayout.marginWidth = 0;
        bar.setLayout(barLayout);
        new Label(bar, SWT.NONE).setText("Batch");
        return bar;
    }
}
