package ai.pretrain.api.artifacts;

import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.Role;
import ai.pretrain.api.runs.RunInspector;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.codec.PayloadEncryption;
import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverterException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Deletes a closed run's artifacts. A stage's outputs live under {@code stages/<stage>/<key>/} and are shared through
 * the stage cache by every run whose stage had the same key, so "the run's artifacts" are the key folders its stages
 * (and its sweep's trials) produced or reused, less those another run still uses: another run's stage has the same
 * key in its history (it produced or reused it), or a sweep started from this run trains on them. A run whose
 * artifacts were deleted no longer counts as a user, so the last of the runs sharing a folder deletes it. The run's
 * logs ({@code runs/<workflow>/}) go too. Each folder's {@code stage.json} goes first, so no later run takes a half
 * deleted folder for a cache hit.
 */
@ApplicationScoped
public class ArtifactDeletion {

  private static final Logger LOG = Logger.getLogger(ArtifactDeletion.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stage outputs can only be reused by runs that started after they were written; margin for clock skew. */
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

  private final RunInspector inspector;
  private final StoreReader store;
  private final WorkflowGateway temporal;

  ArtifactDeletion(RunInspector inspector, StoreReader store, WorkflowGateway temporal) {
    this.inspector = inspector;
    this.store = store;
    this.temporal = temporal;
  }

  /** Deletes what only this run uses; 404 for another owner's run, 403 for a viewer, 409 while it runs. */
  public DeletedArtifacts delete(String runId, Caller caller) {
    var described = inspector.describe(runId, caller);
    if (!caller.role().allows(Role.SUBMITTER)) {
      throw new WebApplicationException("'" + caller.owner() + "' has the viewer role; deleting a run's artifacts "
          + "takes its owner with the submitter role, or an admin", Response.Status.FORBIDDEN);
    }
    WorkflowExecutionStatus status = described.getWorkflowExecutionInfo().getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new WebApplicationException("run '" + runId + "' is running; cancel it and wait until it has stopped "
          + "before deleting its artifacts", Response.Status.CONFLICT);
    }
    try {
      return deleteClosed(runId);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the artifacts of " + runId + ": " + e.getMessage(), e);
    }
  }

  private DeletedArtifacts deleteClosed(String runId) throws IOException {
    Set<String> tree = new LinkedHashSet<>();
    Usage ours = usageOfTree(runId, tree);
    if (ours.unreadable) {
      throw new WebApplicationException("the history of " + ours.unreadableIn + " holds encrypted stage results this "
          + "API cannot decrypt; configure its PRETRAIN_CODEC_KEY (or PRETRAIN_CODEC_PREVIOUS_KEYS)",
          Response.Status.CONFLICT);
    }
    // Recorded before anything is deleted, so an interrupted delete still leaves the run out of others' counts.
    Set<String> tombstoned = tombstones();
    tombstoned.add(runId);
    Map<String, Set<String>> usedBy = otherUsers(runId, tree, ours.folders, tombstoned);
    writeTombstone(runId);

    List<DeletedArtifacts.Deleted> deleted = new ArrayList<>();
    List<DeletedArtifacts.Kept> kept = new ArrayList<>();
    for (String folder : ours.folders) {
      Set<String> users = usedBy.getOrDefault(folder, Set.of());
      if (users.isEmpty()) {
        deleted.add(new DeletedArtifacts.Deleted(folder, deleteFolder(folder, true)));
      } else {
        kept.add(new DeletedArtifacts.Kept(folder, List.copyOf(users)));
      }
    }
    List<DeletedArtifacts.Deleted> logs = new ArrayList<>();
    for (String workflowId : tree) {
      String folder = store.uriOf(StoreLayout.runFolder(workflowId));
      logs.add(new DeletedArtifacts.Deleted(folder, deleteFolder(folder, false)));
    }
    LOG.infof("deleted the artifacts of %s: %d stage folders deleted, %d kept, %d log folders", runId,
        deleted.size(), kept.size(), logs.size());
    return new DeletedArtifacts(runId, deleted, kept, logs);
  }

  /** Stage-output folders one workflow (or tree) produced or reused; unreadable when some results are encrypted. */
  private static final class Usage {
    final Set<String> folders = new TreeSet<>();
    boolean unreadable;
    String unreadableIn;
  }

  /** The run, its sweep and trials (children found through the history), and every stage folder they used. */
  private Usage usageOfTree(String rootId, Set<String> tree) {
    Usage usage = new Usage();
    Deque<String> pending = new ArrayDeque<>(List.of(rootId));
    while (!pending.isEmpty()) {
      String workflowId = pending.pop();
      if (!tree.add(workflowId)) {
        continue;
      }
      for (HistoryEvent event : temporal.history(workflowId, null)) {
        if (event.hasStartChildWorkflowExecutionInitiatedEventAttributes()) {
          pending.add(event.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId());
        }
        collect(event, usage, workflowId);
      }
    }
    return usage;
  }

  /** For each of {@code folders}, the runs outside {@code tree} (and not deleted) that use it. */
  private Map<String, Set<String>> otherUsers(String runId, Set<String> tree, Set<String> folders,
      Set<String> tombstoned) throws IOException {
    Map<String, Set<String>> usedBy = new TreeMap<>();
    if (folders.isEmpty()) {
      return usedBy;
    }
    // Only runs that started after a folder was written can have reused it; its producer is named in its lineage.
    Instant oldest = Instant.now();
    Set<String> producers = new LinkedHashSet<>();
    for (String folder : folders) {
      Optional<JsonNode> lineage = lineageOf(folder);
      Instant created = lineage.map(l -> l.path("createdAt").asText(null)).map(Instant::parse).orElse(Instant.EPOCH);
      oldest = created.isBefore(oldest) ? created : oldest;
      lineage.map(l -> l.path("runId").asText(null)).ifPresent(producers::add);
    }
    Map<String, String> candidates = new LinkedHashMap<>();
    producers.forEach(id -> candidates.put(id, null));
    temporal.startedSince(oldest.minus(CLOCK_MARGIN)).forEach(candidates::putIfAbsent);

    for (Map.Entry<String, String> candidate : candidates.entrySet()) {
      String workflowId = candidate.getKey();
      if (tree.contains(workflowId) || belongsTo(workflowId, tombstoned)) {
        continue;
      }
      Usage usage = new Usage();
      Optional<String> fromRun = Optional.empty();
      try {
        for (HistoryEvent event : temporal.history(workflowId, candidate.getValue())) {
          collect(event, usage, workflowId);
          if (event.hasWorkflowExecutionStartedEventAttributes()) {
            fromRun = Optional.ofNullable(
                temporal.memo(event.getWorkflowExecutionStartedEventAttributes().getMemo(), RunMemo.FROM_RUN));
          }
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          continue;
        }
        throw e;
      }
      String user = rootOf(workflowId);
      if (usage.unreadable) {
        // Results that cannot be read might name any folder: keep them all rather than guess.
        folders.forEach(f -> usedBy.computeIfAbsent(f, k -> new TreeSet<>()).add(user + " (unreadable history)"));
        continue;
      }
      if (fromRun.filter(tree::contains).isPresent()) {
        // A sweep started from this run trains on its prepared data and adapted model.
        usage.folders.addAll(folders);
      }
      for (String folder : usage.folders) {
        if (folders.contains(folder)) {
          usedBy.computeIfAbsent(folder, k -> new TreeSet<>()).add(user);
        }
      }
    }
    return usedBy;
  }

  /** Stage folders named by completed stage activities and by a pipeline's result. */
  private void collect(HistoryEvent event, Usage usage, String workflowId) {
    if (event.hasActivityTaskCompletedEventAttributes()) {
      Payloads result = event.getActivityTaskCompletedEventAttributes().getResult();
      decode(result, StageResult.class, usage, workflowId).ifPresent(r -> addFolders(r.artifacts().values(), usage));
    } else if (event.hasWorkflowExecutionCompletedEventAttributes()) {
      Payloads result = event.getWorkflowExecutionCompletedEventAttributes().getResult();
      decode(result, PipelineResult.class, usage, workflowId).ifPresent(r -> {
        for (StageProgress stage : Optional.ofNullable(r.stages()).orElse(List.of())) {
          addFolders(Optional.ofNullable(stage.artifacts()).map(Map::values).orElse(List.of()), usage);
        }
        if (r.evaluation() != null && r.evaluation().artifacts() != null) {
          addFolders(r.evaluation().artifacts().values(), usage);
        }
      });
    }
  }

  private <T> Optional<T> decode(Payloads payloads, Class<T> type, Usage usage, String workflowId) {
    if (payloads.getPayloadsCount() == 0) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(temporal.decode(payloads, type));
    } catch (DataConverterException | IllegalArgumentException e) {
      // Another result type is not a stage's; an encrypted one this API cannot read might be.
      if (payloads.getPayloadsList().stream().anyMatch(PayloadEncryption::isEncrypted)) {
        usage.unreadable = true;
        usage.unreadableIn = workflowId;
      }
      return Optional.empty();
    }
  }

  /** The {@code stages/<stage>/<key>/} folder of each artifact inside the store. */
  private void addFolders(Collection<ArtifactRef> artifacts, Usage usage) {
    String stages = store.uriOf(StoreLayout.STAGES);
    for (ArtifactRef ref : artifacts) {
      if (ref == null || ref.uri() == null || !ref.uri().startsWith(stages) || !store.contains(ref.uri())) {
        continue;
      }
      String[] segments = ref.uri().substring(stages.length()).split("/");
      if (segments.length >= 3 && !segments[0].isEmpty() && !segments[1].isEmpty()
          && !segments[0].equals("..") && !segments[1].equals("..")) {
        usage.folders.add(stages + segments[0] + "/" + segments[1] + "/");
      }
    }
  }

  private Optional<JsonNode> lineageOf(String folder) throws IOException {
    for (String uri : store.list(folder)) {
      if (uri.endsWith(ArtifactService.LINEAGE_SUFFIX)) {
        Optional<byte[]> bytes = store.readSmall(uri);
        if (bytes.isPresent()) {
          return Optional.of(JSON.readTree(bytes.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** Deletes every object under {@code folder}, a stage's manifest first; how many there were. */
  private int deleteFolder(String folder, boolean stageOutputs) throws IOException {
    List<String> objects = new ArrayList<>(store.list(folder));
    if (stageOutputs) {
      String manifest = "/" + StoreLayout.MANIFEST;
      objects.sort((a, b) -> Boolean.compare(!a.endsWith(manifest), !b.endsWith(manifest)));
    }
    for (String uri : objects) {
      if (store.contains(uri)) {
        store.delete(uri);
      }
    }
    return objects.size();
  }

  private Set<String> tombstones() throws IOException {
    String prefix = store.uriOf(StoreLayout.DELETED_RUNS);
    Set<String> runs = new TreeSet<>();
    for (String uri : store.list(prefix)) {
      String name = uri.substring(prefix.length());
      if (name.endsWith(".json")) {
        runs.add(name.substring(0, name.length() - ".json".length()));
      }
    }
    return runs;
  }

  private void writeTombstone(String runId) throws IOException {
    byte[] record = JSON.writeValueAsBytes(Map.of("runId", runId, "deletedAt", Instant.now().toString()));
    store.write(store.uriOf(StoreLayout.deletionRecord(runId)), record);
  }

  /** A workflow belongs to a deleted run when it is that run or one of its children ({@code <run>-sweep...}). */
  private static boolean belongsTo(String workflowId, Set<String> runs) {
    return runs.stream().anyMatch(run -> workflowId.equals(run) || workflowId.startsWith(run + "-"));
  }

  /** The run a child workflow ({@code <run>-sweep}, {@code <run>-sweep-trial-<n>-rung-<k>}) belongs to. */
  private static String rootOf(String workflowId) {
    int sweep = workflowId.indexOf("-sweep");
    return sweep > 0 ? workflowId.substring(0, sweep) : workflowId;
  }
}
