package io.tessera.ui.parts;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Shell;

/**
 * The window's urgency hint: the desktop's way of saying "look at me" (a blinking task-bar entry)
 * without taking the focus from what the user is doing. SWT has no API for it, so on GTK it is set
 * through GTK's own {@code gtk_window_set_urgency_hint}, called with Java's foreign-function
 * interface; elsewhere nothing happens.
 */
public final class WindowAttention {
    private static final Gtk GTK = Gtk.load();

    private WindowAttention() {
    }

    /** Asks the desktop to draw the user's attention to {@code shell}'s window. */
    public static void request(Shell shell) {
        set(shell, true);
    }

    /** Takes the request back (the user came to the window). */
    public static void clear(Shell shell) {
        set(shell, false);
    }

    /** Whether the window carries the hint now; false where it cannot be told. */
    public static boolean isRequested(Shell shell) {
        if (GTK == null) {
            return false;
        }
        try {
            return (int) GTK.getUrgency.invokeExact(GTK.window(shell)) != 0;
        } catch (Throwable e) {
            return false;
        }
    }

    private static void set(Shell shell, boolean urgent) {
        if (GTK == null || shell.isDisposed()) {
            return;
        }
        try {
            GTK.setUrgency.invokeExact(GTK.window(shell), urgent ? 1 : 0);
        } catch (Throwable e) {
            // A hint that cannot be given is no reason to fail: the status line still says it.
        }
    }

    /** The three GTK 3 functions this needs, found once in the GTK that SWT has loaded. */
    private record Gtk(MethodHandle toplevel, MethodHandle setUrgency, MethodHandle getUrgency) {
        static Gtk load() {
            if (!"gtk".equals(SWT.getPlatform())) {
                return null;
            }
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup gtk = SymbolLookup.libraryLookup("libgtk-3.so.0", Arena.global());
                return new Gtk(
                        linker.downcallHandle(gtk.find("gtk_widget_get_toplevel").orElseThrow(),
                                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)),
                        linker.downcallHandle(gtk.find("gtk_window_set_urgency_hint").orElseThrow(),
                                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)),
                        linker.downcallHandle(gtk.find("gtk_window_get_urgency_hint").orElseThrow(),
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)));
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        /** The GtkWindow of {@code shell}: SWT's handle is a widget inside it. */
        long window(Shell shell) throws Throwable {
            return (long) toplevel.invokeExact(shell.handle);
        }
    }
}
