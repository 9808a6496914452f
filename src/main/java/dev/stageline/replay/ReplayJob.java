package dev.stageline.replay;

import dev.stageline.engine.Transition;
import dev.stageline.evaluate.LeadEvaluator;
import dev.stageline.store.ActiveRevision;
import dev.stageline.store.LeadStore;
import dev.stageline.store.ReplayCheckpoint;
import dev.stageline.store.ReplayCheckpoints;
import dev.stageline.store.StatePages;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Recomputes every lead's history under a new model revision (the target) from the events stored
 * in its state under the active revision (the source), then switches readers to the target and
 * has the reports recomputed.
 *
 * <h2>How it works, and why</h2>
 *
 * <p>The source's states are read a page at a time ({@link StatePages}), so memory is bounded by
 * the page size. Each lead of a page is handed to a {@link LeadEvaluator} over the target's states,
 * the same one that evaluates new events: its save is conditional on the version it read, and it
 * adds the events it is given to those the target state already has. A live evaluation under the
 * target racing the replay therefore loses nothing, in whichever order the two save, and a lead
 * replayed twice (after an interruption) ends in the same state, because the engine's answer
 * depends only on the set of events.
 *
 * <p>After each page the scan position and the running counts are saved in a checkpoint item, so
 * an interrupted run resumes after the last page it finished; a page cut off half-way is replayed
 * whole again, which changes nothing for the leads already done and counts each lead once. When the
 * scan is through, the active revision is switched conditionally from the source to the target;
 * until then the lead API and the reports read the source's histories, untouched.
 *
 * <p>Reports are recomputed by running the whole aggregation once, after the switch. Each page's
 * {@link PageDone#changed()} lists the leads whose transitions differ with their old and new
 * transitions, for a caller that would rather mark only the periods those touch.
 */
public final class ReplayJob {

    private final LeadEvaluator evaluator;
    private final LeadStore target;
    private final StatePages pages;
    private final ActiveRevision active;
    private final ReplayCheckpoints checkpoints;
    private final Runnable recomputeReports;
    private final Clock clock;

    /**
     * @param evaluator evaluates under the target model and saves into {@code target}
     * @param target the states of the target revision
     * @param recomputeReports runs the aggregation; called after the switch
     */
    public ReplayJob(
            LeadEvaluator evaluator,
            LeadStore target,
            StatePages pages,
            ActiveRevision active,
            ReplayCheckpoints checkpoints,
            Runnable recomputeReports,
            Clock clock) {
        this.evaluator = evaluator;
        this.target = target;
        this.pages = pages;
        this.active = active;
        this.checkpoints = checkpoints;
        this.recomputeReports = recomputeReports;
        this.clock = clock;
    }

    /** A lead whose transitions the target model changed. */
    public record ChangedLead(String leadKey, List<Transition> before, List<Transition> after) {}

    /** What one page did, and the checkpoint saved after it. */
    public record PageDone(
            int itemsRead, int leads, List<ChangedLead> changed, ReplayCheckpoint checkpoint) {}

    /**
     * Hears of each page just before its checkpoint is saved, so that whatever it keeps (marks of
     * periods to recompute, say) is never behind the checkpoint; after an interruption it may hear
     * of a page twice.
     */
    public interface Listener {
        void pageDone(PageDone page);
    }

    /** Whether the replay is over, or stopped early and should be run again to go on. */
    public enum Status {
        DONE,
        RESUME
    }

    /**
     * How a run ended.
     *
     * @param checkpoint the replay's checkpoint; empty when there was nothing to replay
     * @param note what happened, in words
     */
    public record Outcome(
            Status status, String target, Optional<ReplayCheckpoint> checkpoint, String note) {}

    /**
     * Replays pages of up to {@code pageSize} items while {@code mayGoOn} says so (it is asked
     * before every page and before the reports), then switches the active revision and recomputes
     * the reports.
     *
     * @throws dev.stageline.store.RevisionConflictException if another replay runs meanwhile
     */
    public Outcome run(int pageSize, BooleanSupplier mayGoOn, Listener listener) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("the page size must be at least 1, got " + pageSize);
        }
        String revision = target.revision();
        Optional<String> current = active.read();
        if (current.isEmpty() && active.claimIfNone(revision, clock.instant())) {
            return new Outcome(
                    Status.DONE,
                    revision,
                    Optional.empty(),
                    "no revision was active; " + revision + " is now, with nothing to replay");
        }
        String source = current.orElseGet(() -> active.read().orElseThrow());
        Optional<ReplayCheckpoint> saved = checkpoints.read(revision);

        if (source.equals(revision)) {
            return saved.filter(c -> c.phase() != ReplayCheckpoint.Phase.REPORTED)
                    .map(c -> report(c, mayGoOn))
                    .orElseGet(
                            () ->
                                    new Outcome(
                                            Status.DONE,
                                            revision,
                                            saved,
                                            revision + " is already the active revision"));
        }

        ReplayCheckpoint checkpoint =
                saved.filter(c -> c.phase() == ReplayCheckpoint.Phase.REPLAYING)
                        .filter(c -> c.source().equals(source))
                        .orElse(null);
        if (checkpoint == null) {
            checkpoint = ReplayCheckpoint.start(revision, source, saved, clock.instant());
            checkpoints.save(checkpoint);
        }
        while (checkpoint.pages() == 0 || checkpoint.position().isPresent()) {
            if (!mayGoOn.getAsBoolean()) {
                return new Outcome(
                        Status.RESUME,
                        revision,
                        Optional.of(checkpoint),
                        "stopped after " + checkpoint.pages() + " pages; run again to go on");
            }
            checkpoint = replayPage(checkpoint, pageSize, listener);
        }

        active.switchTo(source, revision, clock.instant());
        checkpoint = checkpoint.inPhase(ReplayCheckpoint.Phase.ACTIVATED, clock.instant());
        checkpoints.save(checkpoint);
        return report(checkpoint, mayGoOn);
    }

    private ReplayCheckpoint replayPage(
            ReplayCheckpoint checkpoint, int pageSize, Listener listener) {
        StatePages.Page page = pages.read(checkpoint.source(), checkpoint.position(), pageSize);
        Map<String, Long> before = new TreeMap<>();
        Map<String, Long> after = new TreeMap<>();
        List<ChangedLead> changed = new ArrayList<>();
        for (StatePages.StoredState lead : page.states()) {
            evaluator.evaluate(lead.leadKey(), lead.events());
            List<Transition> now = target.read(lead.leadKey()).transitions();

            count(lead.transitions(), before);
            count(now, after);
            if (!now.equals(lead.transitions())) {
                changed.add(new ChangedLead(lead.leadKey(), lead.transitions(), now));
            }
        }

        ReplayCheckpoint next =
                checkpoint.afterPage(
                        page.next(),
                        page.states().size(),
                        changed.size(),
                        before,
                        after,
                        clock.instant());
        listener.pageDone(new PageDone(page.itemsRead(), page.states().size(), changed, next));
        checkpoints.save(next);
        return next;
    }

    private Outcome report(ReplayCheckpoint checkpoint, BooleanSupplier mayGoOn) {
        if (!mayGoOn.getAsBoolean()) {
            return new Outcome(
                    Status.RESUME,
                    checkpoint.target(),
                    Optional.of(checkpoint),
                    checkpoint.target() + " is active; run again to recompute the reports");
        }
        recomputeReports.run();
        ReplayCheckpoint reported =
                checkpoint.inPhase(ReplayCheckpoint.Phase.REPORTED, clock.instant());
        checkpoints.save(reported);
        return new Outcome(
                Status.DONE,
                checkpoint.target(),
                Optional.of(reported),
                "replayed "
                        + reported.leads()
                        + " leads from "
                        + reported.source()
                        + ", "
                        + reported.changed()
                        + " changed; "
                        + reported.target()
                        + " is active and the reports are recomputed");
    }

    private static void count(List<Transition> transitions, Map<String, Long> byStage) {
        transitions.forEach(t -> byStage.merge(t.to(), 1L, Long::sum));
    }
}
