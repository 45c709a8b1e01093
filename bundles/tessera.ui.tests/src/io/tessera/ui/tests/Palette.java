package io.tessera.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/** Chooses an operation in the palette's tree of categories, as a click on it does. */
final class Palette {
    private Palette() {
    }

    static void choose(WorkbenchRobot robot, String label) {
        Tree tree = robot.find("palette.operations", Tree.class);
        robot.onUi(() -> {
            for (TreeItem category : tree.getItems()) {
                WorkbenchRobot.expand(category);
                for (TreeItem operation : category.getItems()) {
                    if (label.equals(operation.getText())) {
                        tree.setSelection(operation);
                        Event click = new Event();
                        click.item = operation;
                        tree.notifyListeners(SWT.Selection, click);
                        return;
                    }
                }
            }
            fail(label + " is not in the palette");
        });
    }
}
