package ai.pretrain.sweep;

import ai.pretrain.artifact.ArtifactRef;
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

  /** One fineTune call: the trial's settings (epochs = this rung's length) and the epochs it started from. */
  record Call(FineTuneSpec settings, int fromEpochs) {}

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

  @Override
  public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      PreparedData data, StageResult adapted) {
    int from = epochsOf(adapted);
    calls.add(new Call(fineTune, from));
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      if (hold.test(fineTune)) {
        holding.countDown();
        heartbeatUntilCancelled();
      }
      int epochs = from + fineTune.epochs();
      String name = "lr=" + fineTune.learningRate() + ",wd=" + fineTune.weightDecay() + ",bs=" + fineTune.batchSize()
          + "@" + epochs;
      ArtifactRef model = new ArtifactRef("s3://artifacts/fineTune/" + name, "sha-" + name, 1, "model");
      return new StageResult(Stages.FINE_TUNE, Map.of("model", model),
          Map.of("validationAccuracy", curve.metric(fineTune, epochs), "epochs", (double) fineTune.epochs()), false,
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
