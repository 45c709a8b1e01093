package io.tessera.cloud.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which options a server's JVM gets: it records until its cache exists, then maps it; a cache is
 * named after the jars it was made from; a folder that cannot be made leaves the server without a
 * cache rather than without a start. ({@code ServerAotCacheIT} runs the whole cycle on the real servers.)
 */
class ServerAotCacheTest {
    @TempDir
    Path dir;

    private Path lib(String name, String... jars) throws Exception {
        Path lib = Files.createDirectories(dir.resolve(name));
        for (String jar : jars) {
            Files.writeString(lib.resolve(jar), jar);
        }
        return lib;
    }

    @Test
    void aServerRecordsUntilItsCacheExistsThenMapsIt() throws Exception {
        Path folder = dir.resolve("cds");
        ServerAotCache cache = ServerAotCache.of("sqs", lib("lib", "a.jar", "b.jar"), folder).orElseThrow();
        List<String> first = cache.startOptions();
        assertEquals("-XX:AOTMode=record", first.get(0));
        String record = first.get(1).substring("-XX:AOTConfiguration=".length());
        assertTrue(record.startsWith(folder.resolve("server-sqs-").toString()), record);
        assertNotEquals(record, cache.startOptions().get(1), "each start records apart");

        Path made = Path.of(record.substring(0, record.indexOf(".config.")));
        Files.writeString(made, "a cache");
        assertEquals(List.of("-XX:AOTCache=" + made), cache.startOptions());
    }

    @Test
    void otherJarsOrAnotherFolderHaveACacheOfTheirOwn() throws Exception {
        Path folder = dir.resolve("cds");
        String one = cacheOf(ServerAotCache.of("s3", lib("one", "a.jar"), folder).orElseThrow());
        String copy = cacheOf(ServerAotCache.of("s3", lib("copy", "a.jar"), folder).orElseThrow());
        Files.writeString(dir.resolve("one/b.jar"), "b");
        String changed = cacheOf(ServerAotCache.of("s3", dir.resolve("one"), folder).orElseThrow());
        assertEquals(3, java.util.Set.of(one, copy, changed).size(), one + " " + copy + " " + changed);
    }

    @Test
    void aFolderThatCannotBeMadeLeavesTheServerWithoutACache() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertTrue(ServerAotCache.of("sqs", lib("lib", "a.jar"), file.resolve("cds")).isEmpty());
    }

    private static String cacheOf(ServerAotCache cache) {
        String record = cache.startOptions().get(1);
        return record.substring(0, record.indexOf(".config."));
    }
}
