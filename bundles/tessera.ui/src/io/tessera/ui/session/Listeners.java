package io.tessera.ui.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who wants to hear that a model changed. Models tell on whatever thread changed them (a Job's,
 * mostly); a view hops to the UI thread itself, and unregisters when it is disposed.
 */
final class Listeners {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    void add(Runnable listener) {
        listeners.add(listener);
    }

    void remove(Runnable listener) {
        listeners.remove(listener);
    }

    void fire() {
        listeners.forEach(Runnable::run);
    }
}
