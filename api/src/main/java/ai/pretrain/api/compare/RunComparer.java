package ai.pretrain.api.compare;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.runs.RunInspector;
import ai.pretrain.api.runs.RunView;
import ai.pretrain.api.runs.StageView;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.Violation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares runs the caller may see: their comparison rows, how their specs differ, and which stage results they share.
 */
@ApplicationScoped
public class RunComparer {

  static final int MAX_RUNS = 10;
  /** 1 to 10 run ids, comma-separated. */
  static final String IDS_PATTERN =
      "^" + RunInspector.RUN_ID_FORM + "(," + RunInspector.RUN_ID_FORM + "){0," + (MAX_RUNS - 1) + "}$";

  private final RunInspector inspector;
  private final WorkflowGateway temporal;
  private final ObjectMapper json;

  RunComparer(RunInspector inspector, WorkflowGateway temporal, ObjectMapper json) {
    this.inspector = inspector;
    this.temporal = temporal;
    this.json = json;
  }

  /** {@code ids}: 1 to 10 run ids, comma-separated, a repeated one counted once; 400 naming {@code ids} otherwise. */
  public RunComparison compare(String ids, Caller caller) {
    return compare(runs(ids, caller));
  }

  /** The runs {@code ids} names, as the caller sees them; 400 naming {@code ids}, 404 for an unknown run. */
  List<RunView> runs(String ids, Caller caller) {
    return parse(ids).stream().map(id -> inspector.view(id, caller)).toList();
  }

  RunComparison compare(List<RunView> runs) {
    Map<String, JsonNode> specs = new LinkedHashMap<>();
    runs.forEach(r -> specs.put(r.runId(), json.valueToTree(temporal.firstInput(r.runId(), PipelineSpec.class))));
    List<ComparedRun> compared = runs.stream().map(r -> new ComparedRun(r.runId(), r.name(), r.owner(), r.status(),
        r.startedAt(), r.closedAt(), r.comparison(), "/api/v1/runs/" + r.runId())).toList();
    return new RunComparison(compared, SpecDiff.of(specs), shared(runs));
  }

  private static List<String> parse(String ids) {
    if (ids == null || !ids.matches(IDS_PATTERN)) {
      throw ProblemException.invalidRequest(List.of(new Violation("ids", "name 1 to " + MAX_RUNS + " run ids, "
          + "comma-separated: ?ids=run-a-1a2b3c4d,run-b-5e6f7a8b (" + IDS_PATTERN + ")")));
    }
    return List.copyOf(new LinkedHashSet<>(Arrays.asList(ids.split(","))));
  }

  /** Stage results, baselines' included, with the same cache key in two or more of the runs. */
  private static List<SharedStage> shared(List<RunView> runs) {
    Map<String, List<Use>> byResult = new LinkedHashMap<>();
    for (RunView run : runs) {
      List<StageView> stages = new ArrayList<>(run.stages());
      stages.addAll(run.baselines());
      for (StageView stage : stages) {
        if (stage.cacheKey() != null) {
          byResult.computeIfAbsent(stage.stage() + "\n" + stage.cacheKey(), k -> new ArrayList<>())
              .add(new Use(run.runId(), stage));
        }
      }
    }
    List<SharedStage> shared = new ArrayList<>();
    for (List<Use> uses : byResult.values()) {
      Set<String> runIds = new LinkedHashSet<>(uses.stream().map(Use::runId).toList());
      if (runIds.size() < 2) {
        continue;
      }
      StageView stage = uses.get(0).stage();
      String producer = uses.stream().filter(u -> !u.stage().cacheHit()).map(Use::runId).findFirst().orElse(null);
      List<String> reusedBy = uses.stream().filter(u -> u.stage().cacheHit()).map(Use::runId).distinct().toList();
      shared.add(new SharedStage(stage.stage(), stage.cacheKey(), List.copyOf(runIds), producer, reusedBy));
    }
    return shared;
  }

  private record Use(String runId, StageView stage) {}
}
