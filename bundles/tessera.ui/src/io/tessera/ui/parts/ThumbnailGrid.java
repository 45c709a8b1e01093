package io.tessera.ui.parts;

import ij.process.ImageProcessor;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * A scrolling grid of thumbnails with a name under each, drawn by hand so that it is virtual: only
 * the cells on screen are painted and only their thumbnails are made (off the UI thread, by a
 * {@link NewestFirstLoader}, and kept up to a bound), so ten thousand cells cost what a screenful
 * costs. Arrows, Page Up/Down, Home and End move the selection; a click or Enter opens a cell.
 */
public final class ThumbnailGrid {
    /**
     * What the grid shows of one item; {@code pixels} is null for an item with no picture (yet).
     * Cells are one when their keys are: a thumbnail made for a key serves every cell with it.
     */
    public record Cell(String key, String name, String note, Pixels pixels) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Cell cell && cell.key.equals(key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }
    }

    /** How a cell's picture is read, on the loader's thread. */
    public interface Pixels {
        ImageProcessor read() throws Exception;
    }

    static final int SIDE = 128;
    private static final int PAD = 6;
    /** Thumbnails kept: a few screens' worth on a large monitor, ~50 MB at most. */
    private static final int KEPT = 800;

    private final Canvas canvas;
    private final NewestFirstLoader<Cell, Thumbnail> thumbnails;
    private final int lineHeight;
    private List<Cell> cells = List.of();
    private int selected = -1;
    private Consumer<Cell> onOpen = cell -> {
    };

    /** A thumbnail, or why there is none. */
    private record Thumbnail(Image image, String problem) {
    }

    public ThumbnailGrid(Composite parent) {
        canvas = new Canvas(parent, SWT.V_SCROLL | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.setData(ThumbnailGrid.class.getName(), this);
        Display display = canvas.getDisplay();
        GC measure = new GC(canvas);
        lineHeight = measure.getFontMetrics().getHeight();
        measure.dispose();
        thumbnails = new NewestFirstLoader<>("Making thumbnails", KEPT, ThumbnailGrid::thumbnailOf,
                cell -> display.asyncExec(() -> {
                    if (!canvas.isDisposed()) {
                        canvas.redraw();
                    }
                }), thumbnail -> display.asyncExec(() -> {
                    if (thumbnail.image() != null) {
                        thumbnail.image().dispose(); // on the UI thread: a paint may be using it until then
                    }
                }));
        canvas.addListener(SWT.Paint, this::paint);
        canvas.addListener(SWT.Resize, e -> updateScrollBar());
        canvas.getVerticalBar().addListener(SWT.Selection, e -> canvas.redraw());
        canvas.addListener(SWT.MouseWheel, e -> scrollBy(-e.count * cellHeight() / 3));
        canvas.addListener(SWT.MouseDown, e -> {
            canvas.setFocus();
            int index = cellAt(e.x, e.y);
            if (index >= 0) {
                select(index);
                onOpen.accept(cells.get(index));
            }
        });
        canvas.addListener(SWT.KeyDown, this::key);
        // The arrows are for moving in the grid, not for leaving it.
        canvas.addListener(SWT.Traverse, e -> e.doit = e.detail != SWT.TRAVERSE_ARROW_NEXT && e.detail != SWT.TRAVERSE_ARROW_PREVIOUS
                && e.detail != SWT.TRAVERSE_RETURN);
        canvas.addListener(SWT.MouseHover, e -> {
            int index = cellAt(e.x, e.y);
            canvas.setToolTipText(index < 0 ? null : cells.get(index).name() + (cells.get(index).note().isEmpty() ? ""
                    : "\n" + cells.get(index).note()));
        });
        canvas.addListener(SWT.Dispose, e -> thumbnails.dispose());
    }

    /** The grid drawn on {@code canvas}. */
    public static ThumbnailGrid of(Canvas canvas) {
        return (ThumbnailGrid) canvas.getData(ThumbnailGrid.class.getName());
    }

    public Canvas control() {
        return canvas;
    }

    /** Shows {@code next}, keeping the selected cell selected when it is still there. */
    public void setCells(List<Cell> next) {
        String selectedKey = selected >= 0 && selected < cells.size() ? cells.get(selected).key() : null;
        cells = List.copyOf(next);
        selected = -1;
        for (int i = 0; selectedKey != null && i < cells.size(); i++) {
            if (cells.get(i).key().equals(selectedKey)) {
                selected = i;
                break;
            }
        }
        updateScrollBar();
        canvas.redraw();
    }

    public List<Cell> cells() {
        return cells;
    }

    public int selectionIndex() {
        return selected;
    }

    public void onOpen(Consumer<Cell> listener) {
        onOpen = Objects.requireNonNull(listener);
    }

    /** How many cells a screen of the grid shows, counting those cut at its top and bottom edges. */
    public int cellsOnScreen() {
        return columns() * (canvas.getClientArea().height / cellHeight() + 2);
    }

    /** How many thumbnails are made and kept now: only those on screen (or recently) are made. */
    public int thumbnailsMade() {
        return thumbnails.size();
    }

    /** The thumbnail of cell {@code index} if it is made, without asking for it. */
    public Image thumbnail(int index) {
        Thumbnail made = thumbnails.peek(cells.get(index));
        return made == null ? null : made.image();
    }

    public void select(int index) {
        if (cells.isEmpty()) {
            return;
        }
        selected = Math.max(0, Math.min(cells.size() - 1, index));
        reveal(selected);
        canvas.redraw();
    }

    private void key(Event e) {
        int columns = columns();
        int page = Math.max(1, canvas.getClientArea().height / cellHeight()) * columns;
        int from = Math.max(selected, 0);
        switch (e.keyCode) {
            case SWT.ARROW_RIGHT -> select(selected < 0 ? 0 : from + 1);
            case SWT.ARROW_LEFT -> select(from - 1);
            case SWT.ARROW_DOWN -> select(selected < 0 ? 0 : from + columns);
            case SWT.ARROW_UP -> select(from - columns);
            case SWT.PAGE_DOWN -> select(from + page);
            case SWT.PAGE_UP -> select(from - page);
            case SWT.HOME -> select(0);
            case SWT.END -> select(cells.size() - 1);
            case SWT.CR, SWT.KEYPAD_CR -> {
                if (selected >= 0) {
                    onOpen.accept(cells.get(selected));
                }
            }
            default -> {
            }
        }
    }

    private int cellWidth() {
        return SIDE + 2 * PAD;
    }

    private int cellHeight() {
        return SIDE + 3 * PAD + lineHeight;
    }

    private int columns() {
        return Math.max(1, canvas.getClientArea().width / cellWidth());
    }

    private int cellAt(int x, int y) {
        int column = x / cellWidth();
        if (column >= columns()) {
            return -1;
        }
        int index = (y + canvas.getVerticalBar().getSelection()) / cellHeight() * columns() + column;
        return index < cells.size() ? index : -1;
    }

    private void updateScrollBar() {
        ScrollBar bar = canvas.getVerticalBar();
        int rows = (cells.size() + columns() - 1) / columns();
        int visible = Math.max(1, canvas.getClientArea().height);
        bar.setValues(Math.min(bar.getSelection(), Math.max(0, rows * cellHeight() - visible)), 0,
                Math.max(rows * cellHeight(), 1), visible, Math.max(1, cellHeight() / 3), visible);
    }

    private void scrollBy(int pixels) {
        ScrollBar bar = canvas.getVerticalBar();
        bar.setSelection(bar.getSelection() + pixels);
        canvas.redraw();
    }

    private void reveal(int index) {
        ScrollBar bar = canvas.getVerticalBar();
        int top = index / columns() * cellHeight();
        int height = canvas.getClientArea().height;
        if (top < bar.getSelection()) {
            bar.setSelection(top);
        } else if (top + cellHeight() > bar.getSelection() + height) {
            bar.setSelection(top + cellHeight() - height);
        }
    }

    private void paint(Event e) {
        GC gc = e.gc;
        Display display = canvas.getDisplay();
        Rectangle area = canvas.getClientArea();
        gc.setBackground(display.getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(e.x, e.y, e.width, e.height);
        if (cells.isEmpty()) {
            return;
        }
        int columns = columns();
        int scrolled = canvas.getVerticalBar().getSelection();
        int firstRow = scrolled / cellHeight();
        int lastRow = (scrolled + area.height) / cellHeight();
        for (int row = firstRow; row <= lastRow; row++) {
            for (int column = 0; column < columns; column++) {
                int index = row * columns + column;
                if (index >= cells.size()) {
                    return;
                }
                paintCell(gc, cells.get(index), index == selected, column * cellWidth(), row * cellHeight() - scrolled);
            }
        }
    }

    private void paintCell(GC gc, Cell cell, boolean isSelected, int x, int y) {
        Display display = canvas.getDisplay();
        Color text = display.getSystemColor(isSelected ? SWT.COLOR_LIST_SELECTION_TEXT : SWT.COLOR_LIST_FOREGROUND);
        if (isSelected) {
            gc.setBackground(display.getSystemColor(SWT.COLOR_LIST_SELECTION));
            gc.fillRectangle(x + 2, y + 2, cellWidth() - 4, cellHeight() - 4);
        }
        int boxX = x + PAD;
        int boxY = y + PAD;
        Thumbnail thumbnail = cell.pixels() == null ? null : thumbnails.get(cell);
        if (thumbnail != null && thumbnail.image() != null) {
            Rectangle size = thumbnail.image().getBounds();
            gc.drawImage(thumbnail.image(), boxX + (SIDE - size.width) / 2, boxY + (SIDE - size.height) / 2);
        } else {
            gc.setForeground(display.getSystemColor(SWT.COLOR_WIDGET_NORMAL_SHADOW));
            gc.drawRectangle(boxX, boxY, SIDE - 1, SIDE - 1);
            gc.setForeground(text);
            String inBox = thumbnail != null ? thumbnail.problem() : cell.pixels() != null ? "…" : cell.note();
            gc.drawText(fit(gc, inBox, SIDE - 8), boxX + 4, boxY + SIDE / 2 - lineHeight / 2, true);
        }
        gc.setForeground(text);
        gc.drawText(fit(gc, cell.name(), cellWidth() - 2 * PAD), boxX, boxY + SIDE + PAD, true);
    }

    /** {@code text}, cut with an ellipsis to {@code width} pixels. */
    private static String fit(GC gc, String text, int width) {
        if (gc.textExtent(text).x <= width) {
            return text;
        }
        int keep = text.length();
        while (keep > 1 && gc.textExtent(text.substring(0, keep) + "…").x > width) {
            keep--;
        }
        return text.substring(0, keep) + "…";
    }

    /** Made on the loader's thread: decoding, shrinking and SWT's pixel copy are all slow. */
    private static Thumbnail thumbnailOf(Cell cell) {
        try {
            ImageProcessor small = ScreenImages.shrunk(cell.pixels().read(), SIDE);
            return new Thumbnail(new Image(Display.getDefault(), ScreenImages.toImageData(small)), null);
        } catch (Exception | OutOfMemoryError e) {
            return new Thumbnail(null, "unreadable");
        }
    }
}
