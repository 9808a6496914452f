import dev.stageline.engine.LeadEvent;
import dev.stageline.local.TemplateTables;
import dev.stageline.store.Dynamo;
import dev.stageline.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Times single requests against a DynamoDB endpoint (moto, in {@code scripts/bench-import.sh}),
 * to tell how much of an import is the endpoint's own time: events stored one at a time through
 * the {@link EventStore} that {@code stageline import} uses, the same items read back one at a
 * time, then the table's stream read in pages of 1,000 records, as the local stream pump reads it.
 * Given the endpoint's process id, it also reports the CPU time that process spent per request.
 *
 * <pre>
 * java -cp target/stageline.jar scripts/MotoRoundTrips.java http://127.0.0.1:PORT [PUTS [PID]]
 * </pre>
 *
 * <p>Works in a table of its own, created from {@code template.yaml}'s lead table and deleted at
 * the end, so a running stack's tables are left alone. The first {@value #WARM_UP} puts are not
 * counted: they include class loading and the first connections.
 */
public final class MotoRoundTrips {

    private static final int WARM_UP = 200;
    private static final String TABLE = "roundtrip-probe";
    /** Clock ticks per second in /proc/PID/stat: USER_HZ, 100 on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: MotoRoundTrips ENDPOINT [PUTS [PID]]");
            System.exit(2);
        }
        URI endpoint = URI.create(args[0]);
        int puts = args.length >= 2 ? Integer.parseInt(args[1]) : 2_000;
        Optional<Path> stat = args.length == 3
                ? Optional.of(Path.of("/proc", args[2], "stat"))
                : Optional.empty();

        try (DynamoDbClient dynamo = Dynamo.client(Optional.of(endpoint));
                DynamoDbStreamsClient streams = Dynamo.streamsClient(Optional.of(endpoint))) {
            TemplateTables.read(Path.of("template.yaml")).create(dynamo, "LeadTable", TABLE);
            try {
                timePuts(dynamo, 0, WARM_UP);
                double cpu = cpuSeconds(stat);
                report("conditional PutItem, one event", timePuts(dynamo, WARM_UP, puts),
                        cpuSeconds(stat) - cpu);

                cpu = cpuSeconds(stat);
                report("GetItem, one event", timeGets(dynamo, puts), cpuSeconds(stat) - cpu);

                cpu = cpuSeconds(stat);
                List<Double> pages = timeStreamPages(dynamo, streams);
                report("GetRecords, page of up to 1000", pages, cpuSeconds(stat) - cpu);
            } finally {
                dynamo.deleteTable(b -> b.tableName(TABLE));
            }
        }
    }

    /**
     * Stores the events of leads {@code first} to {@code first + count - 1} one at a time; the
     * time of each, in ms.
     */
    private static List<Double> timePuts(DynamoDbClient dynamo, int first, int count) {
        EventStore store = new EventStore(dynamo, TABLE, Clock.systemUTC());
        Instant occurredAt = Instant.parse("2018-02-01T03:00:00Z");
        List<Double> millis = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            // Shaped like an Olist MQL row: a 32-character id and two attributes.
            String id = id(i);
            LeadEvent event = new LeadEvent("olist:" + id, "mql:" + id, occurredAt, "mql_created",
                    Map.of("origin", "organic_search", "landing_page_id", id));
            long started = System.nanoTime();
            store.store("olist", List.of(event));
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    /** Reads {@code count} of the stored event items by key, one at a time. */
    private static List<Double> timeGets(DynamoDbClient dynamo, int count) {
        List<Double> millis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = id(i);
            var key = Map.of(
                    "pk", AttributeValue.fromS("LEAD#olist:" + id),
                    "sk", AttributeValue.fromS("EVENT#mql:" + id));
            long started = System.nanoTime();
            dynamo.getItem(b -> b.tableName(TABLE).key(key));
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return millis;
    }

    private static String id(int i) {
        return "%032x".formatted(i);
    }

    /** Reads the whole stream from its start; the time of each non-empty page, in ms. */
    private static List<Double> timeStreamPages(
            DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
        String arn = dynamo.describeTable(b -> b.tableName(TABLE)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription()
                .shards().getFirst().shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Double> millis = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            long started = System.nanoTime();
            var page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
            double elapsed = (System.nanoTime() - started) / 1e6;
            if (page.records().isEmpty()) {
                break;
            }
            millis.add(elapsed);
            iterator = page.nextShardIterator();
        }
        return millis;
    }

    /** Prints the wall time per request and, when known, the endpoint's CPU time per request. */
    private static void report(String what, List<Double> millis, double cpuSeconds) {
        List<Double> sorted = millis.stream().sorted().toList();
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        String cpu = Double.isNaN(cpuSeconds) ? ""
                : " endpoint cpu=%.2f ms".formatted(cpuSeconds * 1000 / sorted.size());
        System.out.printf("%-31s n=%d median=%.2f ms p90=%.2f ms mean=%.2f ms%s%n", what,
                sorted.size(), nearestRank(sorted, 50), nearestRank(sorted, 90), mean, cpu);
    }

    /** CPU seconds (user and system) the process has used so far; NaN when not asked. */
    private static double cpuSeconds(Optional<Path> stat) {
        if (stat.isEmpty()) {
            return Double.NaN;
        }
        try {
            String text = Files.readString(stat.get());
            // The fields after the command name, which ends with the last ')'.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat.get(), e);
        }
    }

    private static double nearestRank(List<Double> sorted, int percent) {
        return sorted.isEmpty() ? 0 : sorted.get((percent * sorted.size() + 99) / 100 - 1);
    }
}
