package io.tessera.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.cloud.CloudClients;
import io.tessera.cloud.CloudConfig;
import io.tessera.cloud.SqsJobQueue;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobSpec;
import io.tessera.core.job.JobState;
import io.tessera.core.op.PipelineStep;
import io.tessera.core.port.JobQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rank 0's {@link ControlPlane} against the real local SQS server, on a jobs queue of the test's
 * own: events of jobs that end while others are still held wait for company and go out in one
 * request; the event of the last held job goes out at once; none waits longer than the linger;
 * a RUNNING event overtaken in the outbox by its job's end is never sent. The linger here is
 * three seconds, so that waiting and not waiting are told apart on a loaded machine.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ControlPlaneIT {
    private static final Duration LINGER = Duration.ofSeconds(3);
    private static final List<String> HOSTS = List.of("rank0-host", "rank1-host");
    @TempDir
    static Path home;
    private static TestCluster cluster;
    private static CloudClients clients;
    private static SqsJobQueue jobs;

    @BeforeAll
    static void startServers() throws Exception {
        // (the cluster that comes with the servers never sees this queue)
        cluster = TestCluster.start(home, 2);
        clients = new CloudClients(CloudConfig.read(cluster.services.configFile()));
        jobs = clients.createQueue("control-plane-it.fifo");
    }

    @AfterAll
    static void stopServers() throws Exception {
        clients.close();
        cluster.close();
    }

    /** A job held by rank 0: its spec and the message it came in. */
    private record Held(JobSpec job, JobQueue.Message message) {
    }

    /** Sends {@code count} jobs that report to {@code events} and receives them, as rank 0's receiver does. */
    private static List<Held> receiveNewJobs(int count, String events) throws Exception {
        String batch = "cp-" + UUID.randomUUID().toString().substring(0, 8);
        List<JobQueue.Outgoing> outgoing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JobSpec job = new JobSpec(JobCodec.VERSION, batch + "-" + i, batch, "inputs/" + batch + "/" + i + ".png",
                    "results/" + batch + "/" + i, events, List.of(PipelineStep.parse("invert")));
            outgoing.add(new JobQueue.Outgoing(JobCodec.encode(job), batch, job.jobId()));
        }
        jobs.sendAll(outgoing);
        List<Held> held = new ArrayList<>();
        while (held.size() < count) {
            for (JobQueue.Message message : jobs.receive(count - held.size(), Duration.ofSeconds(2))) {
                held.add(new Held(JobCodec.decodeJob(message.body()), message));
            }
        }
        return held;
    }

    /** An events queue of the test's own, as each client run has. */
    private static String newEventsQueue() throws Exception {
        String name = "cp-it-events-" + UUID.randomUUID().toString().substring(0, 8);
        clients.createQueue(name);
        return name;
    }

    /** A control plane holding these jobs' messages, as rank 0's does once it received them. */
    private static ControlPlane holding(List<Held> held) {
        ControlPlane plane = new ControlPlane(clients, jobs, HOSTS, LINGER);
        held.forEach(h -> plane.hold(h.message()));
        return plane;
    }

    private static void finish(ControlPlane plane, Held held) {
        plane.finish(held.job().eventsQueue(), JobEvent.done(held.job(), 1, held.job().resultKeyStem() + ".png", 1),
                List.of(held.message()), () -> {
                });
    }

    /** The events that arrive on {@code queue} within {@code wait}, until {@code expected} came. */
    private static List<JobEvent> eventsWithin(String queue, int expected, Duration wait) throws Exception {
        SqsJobQueue events = clients.queue(queue);
        List<JobEvent> received = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (received.size() < expected && System.nanoTime() < deadline) {
            // (long polls of a second: SQS counts waits in whole seconds)
            List<JobQueue.Message> messages = events.receive(JobQueue.MAX_BATCH, Duration.ofSeconds(1));
            for (JobQueue.Message message : messages) {
                received.add(JobCodec.decodeEvent(message.body()));
            }
            if (!messages.isEmpty()) {
                events.deleteAll(messages);
            }
        }
        return received;
    }

    private static long eventSendRequests() {
        return clients.requests().snapshot().getOrDefault("SQS.SendMessageBatch", 0L);
    }

    @Test
    void eventsOfJobsEndingWhileAnotherRunsWaitForItAndShareOneRequest() throws Exception {
        String events = newEventsQueue();
        List<Held> held = receiveNewJobs(3, events);
        try (ControlPlane plane = holding(held)) {
            long sendsBefore = eventSendRequests();

            finish(plane, held.get(0));
            finish(plane, held.get(1));
            assertEquals(List.of(), eventsWithin(events, 1, Duration.ofSeconds(1)),
                    "the first two events wait while the third job is still held");

            long lastFinished = System.nanoTime();
            finish(plane, held.get(2));
            List<JobEvent> told = eventsWithin(events, 3, LINGER.multipliedBy(2));
            long waited = System.nanoTime() - lastFinished;
            assertEquals(3, told.size(), "every job's event arrives: " + told);
            // (the linger would have sent them about two seconds from here)
            assertTrue(waited < LINGER.toNanos() / 2, "with no job held any more, the events go at once, not at the "
                    + "linger's end: " + waited / 1_000_000 + " ms");
            assertEquals(1, eventSendRequests() - sendsBefore, "the three events went in one request");
            assertTrue(plane.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(List.of(), plane.heldMessages(), "the three job messages are no longer held");
        }
        clients.deleteQueue(events);
    }

    @Test
    void anEventWaitsForCompanyNoLongerThanTheLinger() throws Exception {
        String events = newEventsQueue();
        List<Held> held = receiveNewJobs(2, events);
        try (ControlPlane plane = holding(held)) {

            long finished = System.nanoTime();
            finish(plane, held.get(0)); // the other job stays held throughout
            List<JobEvent> told = eventsWithin(events, 1, LINGER.multipliedBy(4));
            long waited = System.nanoTime() - finished;
            assertEquals(1, told.size(), "the event arrives though another job is still held");
            assertTrue(waited >= LINGER.minusMillis(100).toNanos() && waited < LINGER.multipliedBy(3).toNanos(),
                    "it waited the linger for company, and not much longer: " + waited / 1_000_000 + " ms");
            assertEquals(List.of(held.get(1).message()), plane.heldMessages());

            plane.putBack(List.of(held.get(1).message()), Duration.ZERO);
        }
        clients.deleteQueue(events);
    }

    @Test
    void aRunningEventOvertakenInTheOutboxByItsJobsEndIsNeverSent() throws Exception {
        String events = newEventsQueue();
        List<Held> held = receiveNewJobs(2, events);
        try (ControlPlane plane = holding(held)) {

            plane.running(events, JobEvent.running(held.get(0).job(), 1));
            // Past the RUNNING linger, so that the event sits in the outbox, waiting for company.
            Thread.sleep(ControlPlane.RUNNING_LINGER.multipliedBy(3).toMillis());
            finish(plane, held.get(0));
            finish(plane, held.get(1));
            List<JobEvent> told = eventsWithin(events, 3, Duration.ofSeconds(2));

            assertEquals(List.of(JobState.DONE, JobState.DONE), told.stream().map(JobEvent::state).toList(),
                    "the first job's RUNNING was dropped: sent with its DONE, it might arrive after it and undo it");
            assertEquals("rank1-host", told.get(0).host(), "events say where their job ran");
        }
        clients.deleteQueue(events);
    }
}
