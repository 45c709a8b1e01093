package io.tessera.ui.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.IWorkbench;

/** File › Quit (Ctrl+Q). Jobs already submitted keep running; their results arrive at the next start. */
public final class QuitHandler {
    @Execute
    void execute(IWorkbench workbench) {
        workbench.close();
    }
}
