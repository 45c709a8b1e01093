package io.tessera.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void numbersInNamesCountAsNumbers() {
        List<String> expected = List.of("img-1.png", "img-2.png", "img-007.png", "img-10.png", "img-10a.png",
                "IMG-11.png", "img-100.png", "img-99999999999999999999999.png", "img.png", "photo 2 (copy).tif",
                "photo 10.tif");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(42));
        shuffled.sort(NaturalOrder.INSTANCE);
        assertEquals(expected, shuffled);
    }

    @Test
    void theOrderIsTotalAndConsistentWithEquals() {
        List<String> names = List.of("a7", "a07", "a007", "A7", "a7b", "a", "", "7", "07", "b1", "B1");
        for (String x : names) {
            assertEquals(0, NaturalOrder.INSTANCE.compare(x, x));
            for (String y : names) {
                int xy = NaturalOrder.INSTANCE.compare(x, y);
                assertEquals(-Integer.signum(xy), Integer.signum(NaturalOrder.INSTANCE.compare(y, x)), x + " vs " + y);
                assertTrue(xy != 0 || x.equals(y), x + " and " + y + " are different names");
            }
        }
    }
}
