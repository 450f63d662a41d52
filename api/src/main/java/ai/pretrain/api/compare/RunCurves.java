package ai.pretrain.api.compare;

import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.api.runs.RunView;
import ai.pretrain.api.runs.StageView;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.Sha256;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.report.MacroAverageRoc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The curves a run's artifacts hold, read from the store with their sha256 checked: a training stage's train loss per
 * epoch ({@code history}) and the macro-average ROC of the run's own model ({@code roc-json}).
 */
@ApplicationScoped
class RunCurves {

  /** The model the pipeline trains, as the evaluate stage names it beside its baselines. */
  private static final String PIPELINE_MODEL = "pretrained";

  private final StoreReader store;
  private final ObjectMapper json;

  RunCurves(StoreReader store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /** {epoch, train loss} rows of a training stage; empty when the run has no such history. */
  Optional<double[][]> trainLoss(RunView run, String stage) {
    return artifact(run, stage, Artifacts.HISTORY).map(epochs -> {
      List<double[]> points = new ArrayList<>();
      for (JsonNode e : epochs) {
        if (e.path("trainLoss").isNumber()) {
          points.add(new double[] {e.path("epoch").asDouble(points.size()), e.path("trainLoss").asDouble()});
        }
      }
      return points.toArray(double[][]::new);
    }).filter(points -> points.length > 0);
  }

  /** {fpr, tpr} rows of the macro-average ROC of the run's own model; empty when it has none (a regression). */
  Optional<double[][]> roc(RunView run) {
    return artifact(run, Stages.EVALUATE, Artifacts.ROC_JSON).map(roc -> roc.path("models")).map(models -> {
      Iterator<String> names = models.fieldNames();
      JsonNode model = models.has(PIPELINE_MODEL) || !names.hasNext() ? models.path(PIPELINE_MODEL)
          : models.path(names.next());
      return MacroAverageRoc.ofModel(model);
    }).filter(points -> points.length > 1);
  }

  private Optional<JsonNode> artifact(RunView run, String stage, String name) {
    Optional<ArtifactRef> ref = run.stages().stream().filter(s -> s.stage().equals(stage)).findFirst()
        .map(StageView::artifacts).map(artifacts -> artifacts.get(name))
        .filter(r -> store.contains(r.uri()));
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    try {
      // A curve from bytes that are not the artifact the run recorded would misinform; leave it out instead.
      return store.readSmall(ref.get().uri())
          .filter(bytes -> Sha256.of(bytes).equals(ref.get().sha256()))
          .map(this::parse);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref.get().uri(), e);
    }
  }

  private JsonNode parse(byte[] bytes) {
    try {
      return json.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("an artifact that matched its sha256 is not JSON", e);
    }
  }
}
