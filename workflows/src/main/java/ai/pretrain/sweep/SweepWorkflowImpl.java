package ai.pretrain.sweep;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.Failures;
import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.SweepSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The sweep engine. The {@link Sampler} chooses each new trial's parameters (grid, random, TPE); the
 * {@link TrialScheduler} decides after every rung whether a trial continues, pauses for promotion (ASHA) or stops
 * (median rule). Each rung is the sweep's own training activities ({@link TrialRung}: fine-tune, retried and
 * heartbeating like any training stage); at most {@code parallelism} rungs train at once, and a free slot goes first
 * to a trial told to continue, then to a promotion, then to a new trial. A trial's later rungs go on from the
 * training state its previous rung handed on, so its rungs are the same training as its epochs straight.
 *
 * <p>The sweep is the only place that decides, and a rung only trains: the sweep awaits the rung's result instead of
 * exchanging signals with a long-lived trial workflow, so every decision is a deterministic function of the results in
 * this history, a paused trial costs nothing while it waits, and continue-as-new happens at a point where no rung is in
 * flight. A rung as activities rather than a child workflow costs the sweep one workflow task per trial instead of four
 * (the launch, the child's start, its completion, the sweep's collection) across two histories. After
 * {@code trialsPerHistory} new trials the sweep stops launching rungs, lets the running ones finish, and continues as
 * new with the leaderboard ({@link SweepProgress}, finished trials compacted).
 */
public class SweepWorkflowImpl implements SweepWorkflow {

  private static final Logger log = Workflow.getLogger(SweepWorkflowImpl.class);

  /** Sweeps started before this change train each rung in a {@link TrialWorkflow} child. */
  private static final String RUNGS_AS_ACTIVITIES = "rungs-as-activities";
  /** Sweeps started before this change fine-tune each rung from the previous rung's best model, optimizer afresh. */
  private static final String RUNGS_RESUME_TRAINING = "rungs-resume-training";

  private final SweepReportActivities reports =
      Workflow.newActivityStub(SweepReportActivities.class, StageOptions.QUICK);

  private final List<Trial> trials = new ArrayList<>();
  private final List<Integer> stopRequests = new ArrayList<>();
  private final Map<Integer, Rung> running = new LinkedHashMap<>();
  private final Deque<Integer> ready = new ArrayDeque<>();
  private final Set<Integer> stoppedByRequest = new HashSet<>();
  private long trialEpochs;
  private String metric;
  private boolean rungsAsActivities;
  private boolean rungsResumeTraining;

  /** A rung in flight: its result, the scope that cancels it, and the trial's epochs once it is done. */
  private record Rung(Promise<StageResult> result, CancellationScope scope, int epochsAfter) {}

  @Override
  public SweepResult run(SweepRequest request) {
    SweepSpec sweep = request.sweep();
    metric = sweep.metric();
    rungsAsActivities = Workflow.getVersion(RUNGS_AS_ACTIVITIES, Workflow.DEFAULT_VERSION, 1) == 1;
    rungsResumeTraining = Workflow.getVersion(RUNGS_RESUME_TRAINING, Workflow.DEFAULT_VERSION, 1) == 1;
    int histories = restore(request.carried());
    TrialScheduler scheduler = TrialScheduler.of(sweep, sweep.maxEpochs(request.base()));
    Sampler sampler = Sampler.of(sweep, request.run().seed());
    long limit = sweep.trialLimit();
    // A whole trial is sweep.maxEpochs when set, unless fineTune.epochs itself is swept.
    FineTuneSpec base = sweep.maxEpochs() > 0 ? request.base().with("epochs", sweep.maxEpochs()) : request.base();
    int startedHere = 0;
    boolean budgetSpent = false;
    boolean spaceExhausted = false;
    try {
      while (true) {
        handleStopRequests();
        boolean draining = historyFull(sweep, startedHere);
        while (!draining && !budgetSpent && running.size() < sweep.parallelism()) {
          int index;
          if (!ready.isEmpty()) {
            index = ready.peekFirst();
          } else if (scheduler.promotion(trials) >= 0) {
            index = scheduler.promotion(trials);
          } else if (!spaceExhausted && trials.size() < limit) {
            Map<String, Double> parameters = sampler.suggest(trials.size(), trials);
            if (parameters == null) {
              spaceExhausted = true;
              continue;
            }
            index = trials.size();
            trials.add(Trial.pending(index, parameters));
          } else {
            break;
          }
          Trial trial = trials.get(index);
          TrialSettings settings = settingsOf(request, base, trial.parameters());
          int rung = trial.rungs().size();
          int epochs = scheduler.rungEpochs(rung, settings.fineTune()) - trial.epochs();
          if (sweep.budgetEpochs() > 0 && trialEpochs + epochs > sweep.budgetEpochs()) {
            budgetSpent = true;
            if (trial.state() == TrialState.PENDING) {
              trials.remove(index);
            }
            break;
          }
          if (trial.state() == TrialState.PENDING) {
            startedHere++;
          }
          ready.remove(index);
          launch(request, trial, rung, settings, epochs);
          trialEpochs += epochs;
          draining = historyFull(sweep, startedHere);
        }
        if (running.isEmpty()) {
          boolean moreWork = !ready.isEmpty() || scheduler.promotion(trials) >= 0
              || (!spaceExhausted && trials.size() < limit);
          if (draining && !budgetSpent && moreWork) {
            log.info("sweep continues as new after {} trials ({} histories)", trials.size(), histories + 1);
            Workflow.continueAsNew(request.carrying(
                new SweepProgress(carried(sweep), trialEpochs, stopRequests, histories + 1)));
          }
          break;
        }
        Workflow.await(() -> !stopRequests.isEmpty()
            || running.values().stream().anyMatch(r -> r.result().isCompleted()));
        collect(scheduler);
      }
    } catch (CanceledFailure e) {
      awaitCancelledTrials();
      throw e;
    }
    return finish(request, base, scheduler);
  }

  @Override
  public List<Trial> leaderboard() {
    return List.copyOf(trials);
  }

  @Override
  public void stopTrial(int trial) {
    stopRequests.add(trial);
  }

  /** Takes over the leaderboard of the history before; trials told to continue when it ended continue first. */
  private int restore(SweepProgress carried) {
    if (carried == null) {
      return 0;
    }
    trials.addAll(carried.trials());
    trialEpochs = carried.trialEpochs();
    stopRequests.addAll(carried.stopRequests());
    trials.stream().filter(t -> t.state() == TrialState.RUNNING).forEach(t -> ready.add(t.index()));
    return carried.histories();
  }

  /**
   * Whether this history has had its share: {@code trialsPerHistory} new trials, or, where rungs are activities, as
   * many events as the server suggests a history hold (under the median rule a trial trains many rungs).
   */
  private boolean historyFull(SweepSpec sweep, int startedHere) {
    return startedHere >= sweep.trialsPerHistory()
        || (rungsAsActivities && Workflow.getInfo().isContinueAsNewSuggested());
  }

  /**
   * The leaderboard as the next history gets it. A finished trial other than the best keeps its parameters, rungs,
   * state and its model's reference, which is all that sampling (TPE), scheduling (ASHA, the median rule), the
   * leaderboard and the results table read; its other metrics and cache note stay in the events of the history that
   * trained it. Running and paused trials keep their whole result: their next rung starts from it.
   */
  private List<Trial> carried(SweepSpec sweep) {
    Trial best = trials.stream().filter(t -> t.metric() != null)
        .min(new Objective(sweep.metric(), sweep.mode()).leaderboardOrder()).orElse(null);
    return trials.stream().map(t -> t.finished() && t != best ? t.compact() : t).toList();
  }

  private void launch(SweepRequest request, Trial trial, int rung, TrialSettings settings, int epochs) {
    // A trial that sweeps adapt or pretrain fields builds its own model on its first rung.
    boolean ownModel = TrialSettings.adaptsItsOwn(trial.parameters());
    StageResult start = trial.result() != null ? trial.result() : ownModel ? null : request.adapted();
    // A trial carried over from a history before rungs resumed training has no training state to go on from.
    boolean resumes = rungsResumeTraining
        && (trial.result() == null || trial.result().artifacts().containsKey(Artifacts.TRAINING_STATE));
    TrialRequest rungRequest = new TrialRequest(request.run(), trial.index(), rung, settings.architecture(),
        settings.adapt(), resumes ? settings.fineTune() : settings.fineTune().with("epochs", epochs), request.data(),
        start, request.sweep().metric(), request.pretrained(),
        start == null && TrialSettings.pretrainsItsOwn(trial.parameters()), resumes ? trial.epochs() + epochs : 0);
    List<Promise<StageResult>> result = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> result.add(rungsAsActivities
        ? Async.function(TrialRung::train, trainingFor(trial, rung), rungRequest)
        : Async.function(trialWorkflow(trial, rung)::run, rungRequest)));
    scope.run();
    running.put(trial.index(), new Rung(result.get(0), scope, trial.epochs() + epochs));
    trials.set(trial.index(), trial.running());
  }

  /** The rung's training activities, named in the UI by trial and rung; cancelling the rung waits for them to stop. */
  private static TrainingActivities trainingFor(Trial trial, int rung) {
    return Workflow.newActivityStub(TrainingActivities.class, ActivityOptions.newBuilder(StageOptions.TRAINING)
        .setSummary("trial " + trial.index() + " rung " + rung)
        .build());
  }

  private static TrialWorkflow trialWorkflow(Trial trial, int rung) {
    return Workflow.newChildWorkflowStub(TrialWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-trial-" + trial.index() + "-rung-" + rung)
        .setTaskQueue(Workflow.getInfo().getTaskQueue())
        // A stopped trial's slot is free only once its training activity has stopped.
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build());
  }

  private void collect(TrialScheduler scheduler) {
    for (Integer index : List.copyOf(running.keySet())) {
      Rung rung = running.get(index);
      if (!rung.result().isCompleted()) {
        continue;
      }
      running.remove(index);
      Trial trial = trials.get(index);
      try {
        StageResult trained = rung.result().get();
        Trial reported = trial.reported(
            new RungResult(trial.rungs().size(), rung.epochsAfter(), trained.metrics().get(metric)), trained);
        trials.set(index, reported);
        // A stop request that arrived as the rung finished still stops the trial, with this rung's result kept.
        trials.set(index, stoppedByRequest.contains(index)
            ? reported.stopped("stopped by request after " + reported.epochs() + " epochs")
            : decide(scheduler, reported));
      } catch (TemporalFailure e) {
        if (Failures.isCancellation(e) && stoppedByRequest.contains(index)) {
          trials.set(index, trial.stopped("stopped by request after " + trial.epochs() + " epochs"));
        } else {
          trials.set(index, trial.failed(Failures.rootMessage(e)));
        }
      }
    }
  }

  private Trial decide(TrialScheduler scheduler, Trial trial) {
    if (scheduler.finished(trial)) {
      return trial.completed();
    }
    return switch (scheduler.afterRung(trial, trials)) {
      case CONTINUE -> {
        ready.add(trial.index());
        yield trial;
      }
      case PAUSE -> trial.paused();
      case STOP -> trial.stopped(scheduler.stopReason(trial));
      case COMPLETE -> trial.completed();
    };
  }

  private void handleStopRequests() {
    for (int index : stopRequests) {
      if (index < 0 || index >= trials.size()) {
        continue;
      }
      Trial trial = trials.get(index);
      Rung rung = running.get(index);
      if (rung != null) {
        stoppedByRequest.add(index);
        rung.scope().cancel("stopped by request");
      } else if (trial.state() == TrialState.PAUSED || trial.state() == TrialState.RUNNING) {
        ready.remove(index);
        trials.set(index, trial.stopped("stopped by request after " + trial.epochs() + " epochs"));
      }
    }
    stopRequests.clear();
  }

  /** The sweep was cancelled: the cancellation reached every running rung; wait until their training has stopped. */
  private void awaitCancelledTrials() {
    Workflow.newDetachedCancellationScope(() -> {
      for (Map.Entry<Integer, Rung> r : running.entrySet()) {
        r.getValue().result().exceptionally(failure -> null).get();
        Trial trial = trials.get(r.getKey());
        trials.set(r.getKey(), trial.stopped("the sweep was cancelled after " + trial.epochs() + " epochs"));
      }
      running.clear();
    }).run();
  }

  private SweepResult finish(SweepRequest request, FineTuneSpec base, TrialScheduler scheduler) {
    SweepSpec sweep = request.sweep();
    for (Trial t : List.copyOf(trials)) {
      if (t.state() == TrialState.PAUSED) {
        trials.set(t.index(), t.stopped(scheduler.stopReason(t)));
      } else if (t.state() == TrialState.RUNNING || t.state() == TrialState.PENDING) {
        trials.set(t.index(), t.stopped("the sweep's budget of " + sweep.budgetEpochs() + " trial-epochs is spent"));
      }
    }
    Objective objective = new Objective(sweep.metric(), sweep.mode());
    Trial best = trials.stream().filter(t -> t.metric() != null).min(objective.leaderboardOrder())
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("every sweep trial failed; the first said: "
            + (trials.isEmpty() ? "no trial started" : trials.get(0).message()), "SweepFailed"));
    StageResult report = reports.writeResults(request.run(), new ResultsTable(sweep.metric(), sweep.mode(), trials));
    TrialSettings bestSettings = settingsOf(request, base, best.parameters());
    return new SweepResult(List.copyOf(trials), best.index(), best.parameters(),
        bestSettings.fineTune().with("epochs", best.epochs()), best.result(), report, trialEpochs, sweep.metric(),
        bestSettings.architecture(), bestSettings.adapt());
  }

  private static TrialSettings settingsOf(SweepRequest request, FineTuneSpec base, Map<String, Double> parameters) {
    return TrialSettings.of(request.architecture(), request.adapt(), base, parameters);
  }
}
