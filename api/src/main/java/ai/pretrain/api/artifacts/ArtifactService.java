package ai.pretrain.api.artifacts;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.runs.RunInspector;
import ai.pretrain.api.runs.RunView;
import ai.pretrain.api.runs.StageView;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.StoreLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** A run's artifacts, found through its stages' progress, with their lineage read from the store. */
@ApplicationScoped
public class ArtifactService {

  public static final String LINEAGE_SUFFIX = ".lineage.json";
  private static final Logger LOG = Logger.getLogger(ArtifactService.class);

  private final RunInspector inspector;
  private final StoreReader store;
  private final ObjectMapper json;

  ArtifactService(RunInspector inspector, StoreReader store, ObjectMapper json) {
    this.inspector = inspector;
    this.store = store;
    this.json = json;
  }

  /**
   * Every artifact of every stage that has produced some, the baselines' adapt and fine-tune stages included; 404
   * for unknown runs or another owner's, 410 once the run's artifacts were deleted.
   */
  public RunArtifacts list(String runId, Caller caller) {
    RunView run = inspector.view(runId, caller);
    if (deleted(runId)) {
      throw ProblemException.runArtifactsDeleted(runId);
    }
    List<ArtifactView> artifacts = new ArrayList<>();
    for (StageView stage : stagesOf(run)) {
      for (Map.Entry<String, ArtifactRef> entry : stage.artifacts().entrySet()) {
        ArtifactRef ref = entry.getValue();
        artifacts.add(new ArtifactView(stage.stage(), entry.getKey(), ref.kind(), ref.uri(), ref.sha256(),
            ref.sizeBytes(), lineage(ref), downloadPath(runId, stage.stage(), entry.getKey())));
      }
    }
    return new RunArtifacts(runId, artifacts);
  }

  /**
   * One artifact's reference, checked to lie inside the store; 404 when the run or stage has no such artifact, 410
   * once the run's artifacts were deleted (those other runs still use are served through those runs).
   */
  public ArtifactRef find(String runId, String stage, String name, Caller caller) {
    RunView run = inspector.view(runId, caller);
    if (deleted(runId)) {
      throw ProblemException.runArtifactsDeleted(runId);
    }
    ArtifactRef ref = stagesOf(run).stream()
        .filter(s -> s.stage().equals(stage))
        .findFirst()
        .map(s -> s.artifacts().get(name))
        .orElseThrow(() -> ProblemException.artifactNotFound(runId, stage, name));
    if (!store.contains(ref.uri())) {
      throw ProblemException.artifactOutsideStore(ref.uri());
    }
    return ref;
  }

  /** Whether {@code DELETE /api/v1/runs/{id}/artifacts} has deleted this run's artifacts (its tombstone exists). */
  private boolean deleted(String runId) {
    try {
      return store.size(store.uriOf(StoreLayout.deletionRecord(runId))).isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the deletion record of " + runId, e);
    }
  }

  private static List<StageView> stagesOf(RunView run) {
    List<StageView> stages = new ArrayList<>(run.stages());
    stages.addAll(run.baselines());
    return stages;
  }

  static String downloadPath(String runId, String stage, String name) {
    return "/api/v1/runs/" + runId + "/artifacts/" + stage + "/" + name;
  }

  private JsonNode lineage(ArtifactRef ref) {
    String sidecar = ref.uri() + LINEAGE_SUFFIX;
    if (!store.contains(sidecar)) {
      return null;
    }
    try {
      Optional<byte[]> bytes = store.readSmall(sidecar);
      return bytes.isEmpty() ? null : json.readTree(bytes.get());
    } catch (IOException e) {
      // One unreadable sidecar must not hide the run's other artifacts.
      LOG.warnf("lineage of %s unreadable: %s", ref.uri(), e.getMessage());
      return null;
    }
  }
}
