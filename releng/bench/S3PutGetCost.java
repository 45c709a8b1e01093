import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the running local S3 server spends on a put and a get of real-sized images, as a job makes
 * them (its input and its result each go up once and come down once): the floor under the S3
 * server's share of the CPU in {@code bench pipeline}. The images are {@code bench pipeline}'s own.
 * The server's CPU is the kernel's count for its process, read around each round.
 *
 * <pre>
 * ./tessera up
 * java -cp "bundles/tessera.cli/target/lib/*" releng/bench/S3PutGetCost.java [IMAGES [ROUNDS]]
 * </pre>
 */
public class S3PutGetCost {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path local = Path.of(System.getProperty("user.home"), ".tessera/local");
        Properties cloud = load(local.resolve("cloud.properties"));
        String pid = load(local.resolve("processes.properties")).getProperty("s3");
        if (pid == null) {
            throw new IllegalStateException("no local S3 server runs: ./tessera up first");
        }
        ProcessHandle server = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        List<byte[]> images = new ArrayList<>();
        Path dir = Path.of(System.getProperty("user.home"), ".cache/tessera/bench-images");
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().limit(count).toList()) {
                images.add(Files.readAllBytes(f));
            }
        }
        if (images.isEmpty()) {
            throw new IllegalStateException("no images in " + dir + ": ./tessera bench pipeline makes them");
        }
        long bytes = images.stream().mapToLong(b -> b.length).sum();
        System.out.printf("%d images of bench pipeline, %.2f MB each on average%n", images.size(),
                bytes / 1e6 / images.size());
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        cloud.getProperty("access.key"), cloud.getProperty("secret.key"))))
                .forcePathStyle(true).endpointOverride(java.net.URI.create(cloud.getProperty("s3.endpoint"))).build()) {
            String bucket = cloud.getProperty("bucket");
            // Round 0 warms this JVM and the server up, and is not printed.
            for (int round = 0; round <= rounds; round++) {
                long serverBefore = cpuNanos(server);
                long clientBefore = cpuNanos(ProcessHandle.current());
                long start = System.nanoTime();
                for (int i = 0; i < images.size(); i++) {
                    String key = "bench/put-get-cost/" + i;
                    byte[] image = images.get(i);
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(image));
                    if (s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray().length != image.length) {
                        throw new IllegalStateException(key + " came back with another length");
                    }
                }
                if (round > 0) {
                    double n = images.size();
                    System.out.printf("round %d, per put and get: S3 server %.1f ms of CPU, this client %.1f ms, %.1f ms"
                            + " of time%n", round, (cpuNanos(server) - serverBefore) / 1e6 / n,
                            (cpuNanos(ProcessHandle.current()) - clientBefore) / 1e6 / n, (System.nanoTime() - start)
                                    / 1e6 / n);
                }
            }
            for (int i = 0; i < images.size(); i++) {
                String key = "bench/put-get-cost/" + i;
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            }
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow().toNanos();
    }
}
