package ai.pretrain.api.registry;

import ai.pretrain.api.artifacts.ArtifactService;
import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.Role;
import ai.pretrain.api.runs.RunInspector;
import ai.pretrain.api.runs.RunView;
import ai.pretrain.api.runs.StageView;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.spec.PipelineSpec;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Registers runs' exported models as numbered versions, moves aliases and deletes versions. A registration first
 * copies the run's files into a folder of its own under the model, so deleting the run's artifacts later leaves them
 * whole, then takes the next free number by creating that version's manifest with a conditional write; a writer that
 * loses a number to a concurrent one takes the next.
 */
@ApplicationScoped
public class ModelRegistry {

  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
  /** Each lost race means another writer won a number, so this bounds how many may register at once. */
  private static final int ATTEMPTS = 1000;
  private static final TypeReference<Map<String, Object>> SPEC = new TypeReference<>() {};

  private final RunInspector inspector;
  private final WorkflowGateway temporal;
  private final StoreReader store;
  private final ModelStore models;
  private final ModelCatalog catalog;
  private final ObjectMapper json;

  ModelRegistry(RunInspector inspector, WorkflowGateway temporal, StoreReader store, ModelStore models,
      ModelCatalog catalog, ObjectMapper json) {
    this.inspector = inspector;
    this.temporal = temporal;
    this.store = store;
    this.models = models;
    this.catalog = catalog;
    this.json = json;
  }

  /** Registers run {@code runId}'s exported model as the model's next version; 404 for a run the caller cannot see. */
  public ModelVersion register(String name, RegisterVersion request, Caller caller) {
    RegistryNames.model(name);
    if (request == null || request.runId() == null || !request.runId().matches(RunInspector.RUN_ID_PATTERN)) {
      throw RegistryNames.invalid("runId", "name the completed run whose exported model to register, a run id ("
          + RunInspector.RUN_ID_PATTERN + ")");
    }
    String runId = request.runId();
    RunView run = inspector.view(runId, caller);
    ModelExport export = ModelExport.of(run);
    if (exists(StoreLayout.deletionRecord(runId))) {
      throw RegistryProblems.runNotRegistrable(runId, "its artifacts were deleted");
    }
    PipelineSpec spec = temporal.firstInput(runId, PipelineSpec.class);
    String dataset = spec.dataset().hasUri() ? spec.dataset().uri() : spec.dataset().name();
    String datasetKey = run.stages().stream().filter(s -> s.stage().equals(Stages.PREPARE_DATA)).findFirst()
        .map(StageView::cacheKey).orElse(null);
    List<Copied> files = copy(name, export, runId);
    Instant now = Instant.now();

    int number = models.versionNumbers(name).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++, number++) {
      ModelVersion version = new ModelVersion(name, number, runId, caller.owner(), now, dataset, datasetKey,
          json.convertValue(spec, SPEC), run.comparison(), described(name, number, files));
      if (models.createVersion(version)) {
        LOG.infof("%s registered run %s as version %d of model %s", caller.owner(), runId, number, name);
        return version;
      }
    }
    throw RegistryProblems.contended("the versions of model '" + name + "'");
  }

  /** Points {@code alias} at a version, recording who moved it and when; the version must exist and not be deleted. */
  public ModelAlias moveAlias(String name, String alias, MoveAlias request, Caller caller) {
    RegistryNames.model(name);
    RegistryNames.alias(alias);
    if (request == null || request.version() == null || request.version() < 1 || request.version() > 999_999_999) {
      throw RegistryNames.invalid("version", "the number (from 1) of a registered version of model '" + name + "'");
    }
    int version = catalog.version(name, String.valueOf(request.version())).version();
    AliasMove move = new AliasMove(alias, version, caller.owner(), Instant.now());
    SortedMap<Integer, AliasMove> moves = models.aliases(name).get(alias);
    int sequence = moves == null ? 1 : moves.lastKey() + 1;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++, sequence++) {
      if (models.createMove(name, sequence, move)) {
        LOG.infof("%s moved alias %s of model %s to version %d", caller.owner(), alias, name, version);
        return catalog.alias(name, alias);
      }
    }
    throw RegistryProblems.contended("alias '" + alias + "' of model '" + name + "'");
  }

  /** Deletes a version's files, leaving the record that it was deleted; admin only, 409 while an alias points at it. */
  public DeletedVersion deleteVersion(String name, String version, Caller caller) {
    if (!caller.role().allows(Role.ADMIN)) {
      throw RegistryProblems.adminOnly(caller.owner());
    }
    ModelVersion found = catalog.version(name, version);
    List<String> aliases = catalog.model(name).aliases().stream()
        .filter(a -> a.version() == found.version()).map(AliasMove::alias).toList();
    if (!aliases.isEmpty()) {
      throw RegistryProblems.aliasInUse(name, found.version(), String.join(", ", aliases));
    }
    DeletedVersion deleted = new DeletedVersion(name, found.version(), caller.owner(), Instant.now());
    models.markDeleted(deleted);
    try {
      for (ModelFile file : found.files()) {
        store.delete(file.uri());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the files of version " + found.version() + " of " + name, e);
    }
    LOG.infof("%s deleted version %d of model %s", caller.owner(), found.version(), name);
    return deleted;
  }

  /** A run's file copied into the registry, with the artifact's reference and lineage. */
  private record Copied(ModelExport.File file, String uri, JsonNode lineage) {}

  private List<Copied> copy(String name, ModelExport export, String runId) {
    String folder = StoreLayout.modelFiles(name, UUID.randomUUID().toString());
    List<Copied> copied = new ArrayList<>();
    try {
      for (ModelExport.File file : export.files()) {
        String from = file.ref().uri();
        if (!store.contains(from) || store.size(from).isEmpty()) {
          throw RegistryProblems.runNotRegistrable(runId, "the store no longer has its artifact "
              + file.stage() + "/" + file.artifact() + " (" + from + ")");
        }
        String to = store.uriOf(folder + file.name());
        store.copy(from, to);
        copied.add(new Copied(file, to, lineage(from)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying the exported model of " + runId + " into the registry", e);
    }
    return copied;
  }

  private static List<ModelFile> described(String name, int number, List<Copied> files) {
    String versionPath = ModelCatalog.self(name) + "/versions/" + number + "/files/";
    return files.stream().map(c -> new ModelFile(c.file().name(), c.file().stage() + "/" + c.file().artifact(),
        c.file().ref().kind(), c.file().ref().sha256(), c.file().ref().sizeBytes(), c.uri(), c.lineage(),
        versionPath + c.file().name())).toList();
  }

  private JsonNode lineage(String uri) throws IOException {
    Optional<byte[]> bytes = store.readSmall(uri + ArtifactService.LINEAGE_SUFFIX);
    return bytes.isEmpty() ? null : json.readTree(bytes.get());
  }

  private boolean exists(String key) {
    try {
      return store.size(store.uriOf(key)).isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + key + " from the store", e);
    }
  }
}
