package ai.pretrain.sweep;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCanceledException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Fine-tunes nothing: answers each rung from a scripted metric curve of (settings, epochs trained in all), and hands
 * out models whose reference records the epochs, so the next rung knows where it starts. Rungs matching {@code hold}
 * heartbeat until they are cancelled.
 */
final class ScriptedTraining implements TrainingActivities {

  /** The metric a trial with these settings reaches after {@code epochs} epochs in all. */
  @FunctionalInterface
  interface Curve {
    double metric(FineTuneSpec settings, int epochs);
  }

  /**
   * One rung: the trial's settings (for a rung that resumes training, epochs = the whole trial), the epochs it started
   * from and the epoch it trained to.
   */
  record Call(FineTuneSpec settings, int fromEpochs, int untilEpoch) {

    /** The epochs this rung trained. */
    int epochs() {
      return untilEpoch - fromEpochs;
    }
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger cancelled = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  final CountDownLatch holding;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Curve curve;
  private final Predicate<FineTuneSpec> hold;

  ScriptedTraining(Curve curve) {
    this(curve, settings -> false, 0);
  }

  ScriptedTraining(Curve curve, Predicate<FineTuneSpec> hold, int holds) {
    this.curve = curve;
    this.hold = hold;
    this.holding = new CountDownLatch(holds);
  }

  /** A rung of a sweep started before rungs resumed training: {@code fineTune.epochs()} more epochs. */
  @Override
  public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      PreparedData data, StageResult adapted) {
    int from = epochsOf(adapted);
    return rung(new Call(fineTune, from, from + fineTune.epochs()), false);
  }

  /** A rung that goes on from the training state before it, and hands one on short of the trial's last epoch. */
  @Override
  public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      int untilEpoch, PreparedData data, StageResult start) {
    int from = epochsOf(start);
    if (from > 0 && !start.artifacts().containsKey(Artifacts.TRAINING_STATE)) {
      throw new AssertionError("a rung after the first resumes from a training state: " + start);
    }
    return rung(new Call(fineTune, from, untilEpoch), untilEpoch < fineTune.epochs());
  }

  private StageResult rung(Call call, boolean handsOnState) {
    FineTuneSpec fineTune = call.settings();
    calls.add(call);
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      if (hold.test(fineTune)) {
        holding.countDown();
        heartbeatUntilCancelled();
      }
      int epochs = call.untilEpoch();
      String name = "lr=" + fineTune.learningRate() + ",wd=" + fineTune.weightDecay() + ",bs=" + fineTune.batchSize()
          + "@" + epochs;
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      artifacts.put(Artifacts.MODEL, new ArtifactRef("s3://artifacts/fineTune/" + name, "sha-" + name, 1, "model"));
      if (handsOnState) {
        artifacts.put(Artifacts.TRAINING_STATE,
            new ArtifactRef("s3://artifacts/fineTune/state-" + name, "sha-state-" + name, 1, "checkpoint"));
      }
      return new StageResult(Stages.FINE_TUNE, artifacts,
          Map.of("validationAccuracy", curve.metric(fineTune, epochs), "epochs", (double) call.epochs()), false,
          "key-" + name);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void heartbeatUntilCancelled() {
    try {
      while (true) {
        Activity.getExecutionContext().heartbeat(null);
        TimeUnit.MILLISECONDS.sleep(10);
      }
    } catch (ActivityCanceledException e) {
      cancelled.incrementAndGet();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int epochsOf(StageResult model) {
    String uri = model.artifacts().containsKey("model") ? model.artifact("model").uri() : "";
    int at = uri.lastIndexOf('@');
    return at < 0 ? 0 : Integer.parseInt(uri.substring(at + 1));
  }

  /** The calls of the trial with this learning rate, in order. */
  List<Call> callsOf(double learningRate) {
    return calls.stream().filter(c -> c.settings().learningRate() == learningRate).toList();
  }

  @Override
  public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
    throw new UnsupportedOperationException("a sweep only fine-tunes");
  }

  @Override
  public StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
      StageResult pretrained) {
    throw new UnsupportedOperationException("a sweep only fine-tunes");
  }
}
