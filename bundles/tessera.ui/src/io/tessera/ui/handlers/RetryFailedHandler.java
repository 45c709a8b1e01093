package io.tessera.ui.handlers;

import io.tessera.ui.session.Reruns;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;

/** Run › Retry Failed Jobs: each failed job again, with its own pipeline, as a new batch. */
public final class RetryFailedHandler {
    @CanExecute
    boolean canExecute(Reruns reruns) {
        return reruns.retryableFailures() > 0;
    }

    @Execute
    void execute(Reruns reruns) {
        reruns.retryFailed();
    }
}
