package io.tessera.ui.parts;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Loads values (thumbnails, mostly) in one background Job, the latest request first, and keeps at
 * most {@code capacity} of them, the least recently used going first. The UI thread only asks and
 * is told when a value arrives; what it asked for long ago and no longer shows is dropped from the
 * queue, so scrolling fast through thousands of items loads what is on screen now.
 *
 * @param <K> what identifies a value
 * @param <V> the value
 */
final class NewestFirstLoader<K, V> {
    /** Requests beyond this many are old news: a screen never shows more. */
    private static final int MAX_WANTED = 512;

    private final Map<K, V> known;
    private final LinkedBlockingDeque<K> wanted = new LinkedBlockingDeque<>();
    private final Job worker;
    private final Consumer<V> free;

    /**
     * @param load     makes a value, on the Job's thread
     * @param loaded   told, on the Job's thread, of each key whose value is now known
     * @param free     told of each value dropped (e.g. to dispose an image on the UI thread)
     */
    NewestFirstLoader(String what, int capacity, Function<K, V> load, Consumer<K> loaded, Consumer<V> free) {
        this.free = free;
        this.known = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() > capacity) {
                    free.accept(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
        this.worker = Job.create(what, monitor -> {
            for (K key; !monitor.isCanceled() && (key = wanted.pollFirst()) != null;) {
                if (!isKnown(key)) {
                    V value = load.apply(key);
                    synchronized (known) {
                        known.put(key, value);
                    }
                    loaded.accept(key);
                }
            }
            return Status.OK_STATUS;
        });
        worker.setSystem(true);
    }

    /** The value of {@code key}, or null while it is being loaded (it is asked for now). */
    V get(K key) {
        synchronized (known) {
            V value = known.get(key);
            if (value != null) {
                return value;
            }
        }
        if (!key.equals(wanted.peekFirst())) {
            wanted.remove(key);
            wanted.addFirst(key); // what the user looks at now comes first
            while (wanted.size() > MAX_WANTED) {
                wanted.pollLast();
            }
            worker.schedule();
        }
        return null;
    }

    /** The value of {@code key} if it is loaded, without asking for it. */
    V peek(K key) {
        synchronized (known) {
            return known.get(key);
        }
    }

    int size() {
        synchronized (known) {
            return known.size();
        }
    }

    private boolean isKnown(K key) {
        synchronized (known) {
            return known.containsKey(key);
        }
    }

    /** Drops {@code key}'s value, if any, and its request. */
    void forget(K key) {
        wanted.remove(key);
        V value;
        synchronized (known) {
            value = known.remove(key);
        }
        if (value != null) {
            free.accept(value);
        }
    }

    /** Drops every value and request. */
    void forgetAll() {
        wanted.clear();
        synchronized (known) {
            for (Iterator<V> values = known.values().iterator(); values.hasNext();) {
                free.accept(values.next());
                values.remove();
            }
        }
    }

    void dispose() {
        worker.cancel();
        forgetAll();
    }
}
