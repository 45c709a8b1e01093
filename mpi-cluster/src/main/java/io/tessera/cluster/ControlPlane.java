package io.tessera.cluster;

import io.tessera.cloud.CloudClients;
import io.tessera.core.batch.DeadLetters;
import io.tessera.core.job.JobCodec;
import io.tessera.core.job.JobEvent;
import io.tessera.core.job.JobState;
import io.tessera.core.port.JobQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Rank 0's conversation with SQS about the jobs it holds, on a thread of its own so that handing
 * out work never waits on it: events to clients, deletes, visibility changes and dead letters.
 * They go out together in batch requests — ten events, ten deletes, ten visibility changes to a
 * request — and events and deletes wait a moment for company while other jobs are still held, so
 * the more jobs a batch has, the fewer requests each costs. An event waits for nothing when no
 * other job is held: a client waiting on its last job is told at once.
 *
 * <p>The one ordering that matters is kept inside each task: a job message is deleted only after
 * its final event was sent, and the result was in S3 before the worker reported.
 */
final class ControlPlane implements AutoCloseable {
    private static final int RANK = 0;
    /** Deletes wait this long for company, so that one request deletes several messages. */
    private static final Duration DELETE_LINGER = Duration.ofMillis(500);
    /**
     * A RUNNING event waits this long before it is sent, and is dropped if a later event of its job
     * comes meanwhile: a short job is told once, by its final event, which spares SQS a send, a
     * receive and a delete per job (a third of the events of jobs this short). Nobody watching
     * a queue monitor misses a state shown for less than this.
     */
    static final Duration RUNNING_LINGER = Duration.ofMillis(300);
    /**
     * An event waits at most this long for others to share its request while other jobs are held.
     * Sent as they came, a batch of short jobs cost a send for every job or two (jobs end one at a
     * time, and a request is quicker than a job); a client shows results a fifth of a second later.
     */
    static final Duration EVENT_LINGER = Duration.ofMillis(200);

    private final CloudClients clients;
    private final JobQueue jobs;
    /** Every received, not yet deleted or returned message, by receipt: kept invisible while it waits or runs. */
    private final Map<String, JobQueue.Message> held = new ConcurrentHashMap<>();
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    /** Tasks handed in and not yet carried out; {@link #awaitIdle} waits for none. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private long nextExtension = System.nanoTime() + extensionInterval();
    /** Messages whose jobs are finished and told, not yet deleted; only the control-plane thread touches it. */
    private final List<JobQueue.Message> deletable = new ArrayList<>();
    private long oldestDeletable;
    /** RUNNING events waiting out {@link #RUNNING_LINGER}, by job id, oldest first; only the control-plane thread touches it. */
    private final Map<String, Running> lingering = new LinkedHashMap<>();
    /** Events waiting out {@link #EVENT_LINGER}, by events queue, in the order they came; only the control-plane thread touches it. */
    private final Map<String, List<Tell>> outbox = new LinkedHashMap<>();
    private long oldestInOutbox;

    /** Work for the control-plane thread. */
    private sealed interface Task {
    }

    /**
     * Send {@code event} to {@code queue}; then, if that worked, delete {@code messages} and run
     * {@code whenTold}; if it did not, let the messages reappear after {@code retryDelay}.
     */
    private record Tell(String queue, JobEvent event, List<JobQueue.Message> messages, Runnable whenTold,
            Duration retryDelay) implements Task {
        /** An event that needs no follow-up. */
        static Tell notice(String queue, JobEvent event) {
            return new Tell(queue, event, List.of(), () -> {
            }, Duration.ZERO);
        }
    }

    private record Return(List<JobQueue.Message> messages, Duration delay) implements Task {
    }

    /** Carry out {@code tell}, a RUNNING event, once {@code dueNanos} has come, unless a later event of its job came first. */
    private record Running(Tell tell, long dueNanos) implements Task {
    }

    private record DeadLetter(JobQueue.Message message, String reason) implements Task {
    }

    /** Each rank's host, by rank, as MPI names it. */
    private final List<String> hostsByRank;

    /** How long events wait for company: {@link #EVENT_LINGER}, longer in a test that must tell waiting from not. */
    private final Duration eventLinger;

    ControlPlane(CloudClients clients, JobQueue jobs, List<String> hostsByRank) {
        this(clients, jobs, hostsByRank, EVENT_LINGER);
    }

    ControlPlane(CloudClients clients, JobQueue jobs, List<String> hostsByRank, Duration eventLinger) {
        this.eventLinger = eventLinger;
        this.hostsByRank = List.copyOf(hostsByRank);
        this.clients = clients;
        this.jobs = jobs;
        this.thread = Thread.ofPlatform().name("rank0-control-plane").daemon().start(this::run);
    }

    /** A message received from the jobs queue: kept invisible from now until deleted or returned. */
    void hold(JobQueue.Message message) {
        held.put(message.receipt(), message);
    }

    /** The messages received and not yet deleted or returned, now. */
    List<JobQueue.Message> heldMessages() {
        return List.copyOf(held.values());
    }

    /** Tells a client that a job runs, unless the job is over within {@link #RUNNING_LINGER}. */
    void running(String queue, JobEvent event) {
        submit(new Running(Tell.notice(queue, located(event)), System.nanoTime() + RUNNING_LINGER.toNanos()));
    }

    /** Tells a client something that needs no follow-up (RETRYING, a failure notice). */
    void publish(String queue, JobEvent event) {
        submit(Tell.notice(queue, located(event)));
    }

    /**
     * A job's final event: sent, then its messages deleted and {@code whenTold} run. If the client
     * cannot be told, the messages come back after a few seconds; the job then finds its result
     * made and the event is sent again.
     */
    void finish(String queue, JobEvent event, List<JobQueue.Message> messages, Runnable whenTold) {
        submit(new Tell(queue, located(event), List.copyOf(messages), whenTold, Duration.ofSeconds(5)));
    }

    /** The event with its rank's host, so that a client sees where each job ran. */
    private JobEvent located(JobEvent event) {
        return event.rank() >= 0 && event.rank() < hostsByRank.size() ? event.withHost(hostsByRank.get(event.rank()))
                : event;
    }

    /** Stops holding the messages and lets them reappear on the queue after {@code delay}. */
    void putBack(List<JobQueue.Message> messages, Duration delay) {
        submit(new Return(List.copyOf(messages), delay));
    }

    /** Moves a message that can never run to the dead-letter queue, with its reason. */
    void deadLetter(JobQueue.Message message, String reason) {
        submit(new DeadLetter(message, reason));
    }

    /** Waits until every task handed in so far was carried out, for at most {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return pending.get() == 0;
    }

    /** Carries out what was handed in, then stops. */
    @Override
    public void close() throws InterruptedException {
        awaitIdle(Duration.ofSeconds(30));
        closing = true;
        thread.interrupt();
        thread.join(5_000);
    }

    private void submit(Task task) {
        pending.incrementAndGet();
        tasks.add(task);
    }

    private void run() {
        while (!closing) {
            List<Task> batch = new ArrayList<>();
            try {
                Task first = tasks.poll(untilNextDue(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    tasks.drainTo(batch);
                }
            } catch (InterruptedException e) {
                continue; // closing: the loop ends
            }
            int waitingBefore = lingering.size() + eventsInOutbox();
            try {
                carryOut(batch);
            } catch (RuntimeException e) {
                ClusterLog.info(RANK, "control-plane-error", "error", e.toString());
            } finally {
                // A task is done when carried out; an event when sent or dropped.
                pending.addAndGet(-(batch.size() + waitingBefore - lingering.size() - eventsInOutbox()));
            }
            deleteDue(false);
            if (System.nanoTime() >= nextExtension) {
                nextExtension = System.nanoTime() + extensionInterval();
                change(held.values(), CloudClients.JOB_VISIBILITY, "sqs-extend-failed");
            }
        }
        Map<Duration, List<JobQueue.Message>> toReturn = new LinkedHashMap<>();
        sendOutbox(toReturn);
        toReturn.forEach((delay, messages) -> change(messages, delay, "sqs-return-failed"));
        deleteDue(true);
    }

    /**
     * How long the thread may wait for a task: until the oldest RUNNING event is due or the outbox
     * has waited long enough, 200 ms at most.
     */
    private long untilNextDue() {
        long wait = TimeUnit.MILLISECONDS.toNanos(200);
        if (!lingering.isEmpty()) {
            wait = Math.min(wait, lingering.values().iterator().next().dueNanos() - System.nanoTime());
        }
        if (!outbox.isEmpty()) {
            wait = Math.min(wait, oldestInOutbox + eventLinger.toNanos() - System.nanoTime());
        }
        return Math.max(0, wait);
    }

    /** A third of the visibility timeout: two extensions may fail before a held job reappears. */
    private static long extensionInterval() {
        return CloudClients.JOB_VISIBILITY.toNanos() / 3;
    }

    private void carryOut(List<Task> batch) {
        Map<Duration, List<JobQueue.Message>> toReturn = new LinkedHashMap<>();
        for (Task task : batch) {
            switch (task) {
                case Running running -> {
                    // (a later RUNNING of the same job goes to the back, where its time puts it)
                    lingering.remove(running.tell().event().jobId());
                    lingering.put(running.tell().event().jobId(), running);
                }
                case Tell tell -> {
                    // Whatever a job says next supersedes its RUNNING: sent later, that would undo it.
                    lingering.remove(tell.event().jobId());
                    dropRunningFromOutbox(tell.event().jobId());
                    post(tell);
                }
                case Return back -> toReturn.computeIfAbsent(back.delay(), d -> new ArrayList<>()).addAll(back.messages());
                case DeadLetter letter -> moveToDeadLetters(letter);
            }
        }
        long now = System.nanoTime();
        for (var it = lingering.values().iterator(); it.hasNext(); ) {
            Running running = it.next();
            if (running.dueNanos() - now > 0) {
                break; // the rest came later still
            }
            it.remove();
            post(running.tell());
        }
        if (outboxDue()) {
            sendOutbox(toReturn);
        }
        toReturn.forEach((delay, messages) -> {
            messages.forEach(m -> held.remove(m.receipt()));
            change(messages, delay, "sqs-return-failed");
        });
    }

    /** Puts an event in the outbox, to be sent with those that come within the event linger. */
    private void post(Tell tell) {
        if (outbox.isEmpty()) {
            oldestInOutbox = System.nanoTime();
        }
        outbox.computeIfAbsent(tell.queue(), q -> new ArrayList<>()).add(tell);
    }

    private void dropRunningFromOutbox(String jobId) {
        outbox.values().forEach(tells -> tells.removeIf(
                t -> t.event().state() == JobState.RUNNING && t.event().jobId().equals(jobId)));
        outbox.values().removeIf(List::isEmpty);
    }

    private int eventsInOutbox() {
        return outbox.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The outbox goes out when a queue has a full batch request's worth, when its oldest event has
     * waited the event linger, or when no job is held but those it finishes: then nothing else
     * could come to share the request, and a client may be waiting on just these.
     */
    private boolean outboxDue() {
        if (outbox.isEmpty()) {
            return false;
        }
        if (System.nanoTime() - oldestInOutbox >= eventLinger.toNanos()
                || outbox.values().stream().anyMatch(tells -> tells.size() >= JobQueue.MAX_BATCH)) {
            return true;
        }
        long finishing = outbox.values().stream().flatMap(List::stream).mapToLong(t -> t.messages().size()).sum();
        return held.size() <= finishing;
    }

    /**
     * Sends the outbox, a batch request per queue; then deletes the messages of the jobs told, and
     * adds those of the jobs whose events could not be sent to {@code toReturn}.
     */
    private void sendOutbox(Map<Duration, List<JobQueue.Message>> toReturn) {
        List<JobQueue.Message> toDelete = new ArrayList<>();
        List<Runnable> whenDeleted = new ArrayList<>();
        outbox.forEach((queue, tells) -> {
            boolean told = send(queue, tells);
            for (Tell tell : tells) {
                if (told) {
                    toDelete.addAll(tell.messages());
                    whenDeleted.add(tell.whenTold());
                } else if (!tell.messages().isEmpty()) {
                    toReturn.computeIfAbsent(tell.retryDelay(), d -> new ArrayList<>()).addAll(tell.messages());
                }
            }
        });
        outbox.clear();
        toDelete.forEach(m -> held.remove(m.receipt()));
        if (deletable.isEmpty() && !toDelete.isEmpty()) {
            oldestDeletable = System.nanoTime();
        }
        deletable.addAll(toDelete);
        deleteDue(false);
        whenDeleted.forEach(Runnable::run);
    }

    /**
     * Deletes the finished jobs' messages ten to a request, or all of them once the oldest has
     * waited {@link #DELETE_LINGER} (or {@code now}). Until then they stay held, their visibility
     * extended: a crash in between brings a job back, and it finds its result made.
     */
    private void deleteDue(boolean now) {
        if (deletable.isEmpty()) {
            return;
        }
        if (deletable.size() < JobQueue.MAX_BATCH && !now && System.nanoTime() - oldestDeletable < DELETE_LINGER.toNanos()) {
            return;
        }
        List<JobQueue.Message> messages = List.copyOf(deletable);
        deletable.clear();
        try {
            jobs.deleteAll(messages);
        } catch (IOException e) {
            // They reappear after their visibility timeout, find their results made, and are
            // deleted then.
            ClusterLog.info(RANK, "sqs-delete-failed", "messages", messages.size(), "error", e.getMessage());
        }
    }

    /** Sends the events to one queue; false when they could not all be sent. */
    private boolean send(String queue, List<Tell> tells) {
        // The deduplication id holds a random part: a later delivery of the same job must be able
        // to say DONE again within SQS's five-minute window.
        List<JobQueue.Outgoing> events = tells.stream().map(t -> new JobQueue.Outgoing(JobCodec.encode(t.event()),
                t.event().batch(), t.event().jobId() + "-" + t.event().state() + "-" + UUID.randomUUID())).toList();
        try {
            clients.queue(queue).sendAll(events);
            return true;
        } catch (IOException e) {
            ClusterLog.info(RANK, "event-undeliverable", "events", events.size(), "queue", queue, "error",
                    e.getMessage());
            return false;
        }
    }

    private void change(Collection<JobQueue.Message> messages, Duration visibility, String failureEvent) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            jobs.extendVisibilityAll(List.copyOf(messages), visibility);
        } catch (IOException e) {
            // Then they reappear when their visibility timeout runs out, a little later.
            ClusterLog.info(RANK, failureEvent, "messages", messages.size(), "error", e.getMessage());
        }
    }

    /**
     * If moving fails the message is no longer held: SQS's redrive policy moves it to the dead
     * letters after its last receive.
     */
    private void moveToDeadLetters(DeadLetter letter) {
        held.remove(letter.message().receipt());
        try {
            new DeadLetters(clients.deadLetters(), jobs).add(letter.message(), letter.reason());
            ClusterLog.info(RANK, "job-dead-lettered", "reason", letter.reason());
        } catch (IOException e) {
            ClusterLog.info(RANK, "dead-letter-failed", "reason", letter.reason(), "error", e.getMessage());
        }
    }
}
