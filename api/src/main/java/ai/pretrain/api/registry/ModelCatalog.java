package ai.pretrain.api.registry;

import ai.pretrain.artifact.ArtifactRef;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/** Reads the registry: models, their versions (by number or alias), aliases with their history, and version files. */
@ApplicationScoped
public class ModelCatalog {

  private final ModelStore store;

  ModelCatalog(ModelStore store) {
    this.store = store;
  }

  /** Every model with at least one registered version. */
  public ModelList list() {
    List<ModelSummary> models = new ArrayList<>();
    store.versionNumbers().forEach((name, numbers) -> {
      ModelView model = view(name, numbers);
      Map<String, Integer> aliases = new LinkedHashMap<>();
      model.aliases().forEach(a -> aliases.put(a.alias(), a.version()));
      models.add(new ModelSummary(name, model.versions().size(), model.latestVersion(), aliases, self(name)));
    });
    return new ModelList(models);
  }

  /** A model's versions and aliases; 404 when nothing was ever registered under its name. */
  public ModelView model(String name) {
    SortedSet<Integer> numbers = store.versionNumbers(RegistryNames.model(name));
    if (numbers.isEmpty()) {
      throw RegistryProblems.modelNotFound(name);
    }
    return view(name, numbers);
  }

  /** A version by its number or an alias; 404 when there is none, 410 once it was deleted. */
  public ModelVersion version(String name, String version) {
    RegistryNames.model(name);
    int number = RegistryNames.versionNumber(version).orElseGet(() -> alias(name, version).version());
    JsonNode manifest = store.version(name, number)
        .orElseThrow(() -> RegistryProblems.versionNotFound(name, version));
    store.deleted(manifest).ifPresent(deleted -> {
      throw RegistryProblems.versionDeleted(deleted);
    });
    return store.live(manifest);
  }

  /** Where an alias points and its history; 404 when the model has no such alias. */
  public ModelAlias alias(String name, String alias) {
    SortedMap<Integer, AliasMove> moves = store.aliases(RegistryNames.model(name)).get(alias);
    if (moves == null) {
      if (store.versionNumbers(name).isEmpty()) {
        throw RegistryProblems.modelNotFound(name);
      }
      throw RegistryProblems.versionNotFound(name, alias);
    }
    AliasMove now = moves.get(moves.lastKey());
    return new ModelAlias(name, alias, now.version(), now.movedBy(), now.movedAt(), List.copyOf(moves.values()));
  }

  /** One file of a version, as the reference the download streams. */
  public ArtifactRef file(String name, String version, String file) {
    ModelVersion found = version(name, version);
    return found.files().stream()
        .filter(f -> f.name().equals(file))
        .findFirst()
        .map(f -> new ArtifactRef(f.uri(), f.sha256(), f.sizeBytes(), f.kind()))
        .orElseThrow(() -> RegistryProblems.fileNotFound(name, found.version(), file));
  }

  private ModelView view(String name, SortedSet<Integer> numbers) {
    List<VersionSummary> versions = new ArrayList<>();
    for (int number : numbers) {
      store.version(name, number).filter(m -> store.deleted(m).isEmpty()).map(store::live).ifPresent(v ->
          versions.add(new VersionSummary(v.version(), v.runId(), v.registeredBy(), v.registeredAt(),
              self(name) + "/versions/" + v.version())));
    }
    List<AliasMove> aliases = store.aliases(name).values().stream().map(moves -> moves.get(moves.lastKey())).toList();
    Integer latest = versions.isEmpty() ? null : versions.get(versions.size() - 1).version();
    return new ModelView(name, latest, versions, aliases);
  }

  static String self(String name) {
    return "/api/v1/models/" + name;
  }
}
