package io.tessera.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import io.tessera.ui.parts.ThumbnailGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gallery's grid with ten thousand cells, in a window of its own on the workbench's display:
 * it is virtual — only the cells on screen get a thumbnail, however many there are — and the
 * keyboard reaches the last cell, whose thumbnail then comes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ThumbnailGridTest {
    private static final int CELLS = 10_000;

    @Test
    void tenThousandCellsCostWhatAScreenfulCosts() throws Exception {
        WorkbenchRobot robot = new WorkbenchRobot();
        Path coins = Path.of(System.getProperty("tessera.testdata"), "coins.png");
        AtomicInteger reads = new AtomicInteger();
        List<ThumbnailGrid.Cell> cells = new ArrayList<>();
        for (int i = 0; i < CELLS; i++) {
            // Every cell its own key: nothing is shared, each thumbnail is made for itself.
            cells.add(new ThumbnailGrid.Cell("cell-" + i, "img-" + i + ".png", "", () -> {
                reads.incrementAndGet();
                return IJ.openImage(coins.toString()).getProcessor();
            }));
        }
        Shell[] shell = new Shell[1];
        ThumbnailGrid[] grid = new ThumbnailGrid[1];
        List<String> opened = new ArrayList<>();
        robot.onUi(() -> {
            shell[0] = new Shell(org.eclipse.swt.widgets.Display.getCurrent(), SWT.SHELL_TRIM);
            shell[0].setText("ten thousand");
            shell[0].setLayout(new FillLayout());
            grid[0] = new ThumbnailGrid(shell[0]);
            grid[0].onOpen(cell -> opened.add(cell.name()));
            shell[0].setBounds(0, 0, 1000, 700);
            shell[0].open();
            grid[0].setCells(cells);
        });
        try {
            int screenful = robot.read(grid[0]::cellsOnScreen);
            robot.waitFor("the first screenful of thumbnails", Duration.ofSeconds(60), 300,
                    () -> grid[0].thumbnail(0) != null && grid[0].thumbnail(screenful / 2) != null ? true : null);
            WorkbenchRobot.sleep(1000); // anything more that would be made, made now
            int made = reads.get();
            System.out.printf("%d cells: %d thumbnails made for a screen of about %d%n", CELLS, made, screenful);
            assertTrue(made <= screenful * 2, made + " thumbnails made for a screen of about " + screenful + ": not virtual");

            robot.key(grid[0].control(), SWT.END);
            assertEquals(CELLS - 1, (int) robot.read(grid[0]::selectionIndex));
            robot.waitFor("the last cell's thumbnail", Duration.ofSeconds(60), 300,
                    () -> grid[0].thumbnail(CELLS - 1) != null ? true : null);
            assertTrue(reads.get() <= made + screenful * 2, "only the screen at the end was made: " + reads.get());
            robot.key(grid[0].control(), SWT.ARROW_LEFT);
            robot.key(grid[0].control(), SWT.CR);
            assertEquals(List.of("img-" + (CELLS - 2) + ".png"), opened);
            assertNotNull(robot.screenshot("gallery-ten-thousand"));
        } finally {
            robot.onUi(() -> shell[0].dispose());
        }
    }
}
