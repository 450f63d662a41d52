package ai.pretrain.api.registry;

import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.artifact.StoreLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's documents in the artifact store, under {@link StoreLayout#MODELS}: version manifests and alias moves,
 * each created once under its number with a conditional write, so concurrent writers never share or lose a number.
 */
@ApplicationScoped
class ModelStore {

  private static final Pattern VERSION_KEY = Pattern.compile("([^/]+)/versions/([0-9]+)\\.json");
  private static final Pattern MOVE_KEY = Pattern.compile("([^/]+)/aliases/([^/]+)/([0-9]+)\\.json");

  private final StoreReader store;
  private final ObjectMapper json;

  ModelStore(StoreReader store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /** Each model's version numbers, deleted ones included, by model name. */
  SortedMap<String, SortedSet<Integer>> versionNumbers() {
    return versionNumbersUnder(StoreLayout.MODELS);
  }

  /** One model's version numbers, deleted ones included. */
  SortedSet<Integer> versionNumbers(String model) {
    return versionNumbersUnder(StoreLayout.modelFolder(model)).getOrDefault(model, new TreeSet<>());
  }

  private SortedMap<String, SortedSet<Integer>> versionNumbersUnder(String folder) {
    SortedMap<String, SortedSet<Integer>> models = new TreeMap<>();
    for (String key : keys(folder)) {
      Matcher m = VERSION_KEY.matcher(key);
      if (m.matches()) {
        models.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(Integer.parseInt(m.group(2)));
      }
    }
    return models;
  }

  /** The manifest of a version (a {@link ModelVersion}, or a {@link DeletedVersion} once deleted). */
  Optional<JsonNode> version(String model, int version) {
    return read(StoreLayout.modelVersion(model, version));
  }

  ModelVersion live(JsonNode manifest) {
    return json.convertValue(manifest, ModelVersion.class);
  }

  Optional<DeletedVersion> deleted(JsonNode manifest) {
    return manifest.has("deletedAt") ? Optional.of(json.convertValue(manifest, DeletedVersion.class))
        : Optional.empty();
  }

  /** Creates the manifest of version {@code version}; false when that number is taken. */
  boolean createVersion(ModelVersion version) {
    return create(StoreLayout.modelVersion(version.model(), version.version()), version);
  }

  /** Replaces a version's manifest by the record that it was deleted; the number stays taken. */
  void markDeleted(DeletedVersion deleted) {
    try {
      store.write(store.uriOf(StoreLayout.modelVersion(deleted.model(), deleted.version())),
          json.writeValueAsBytes(deleted));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark version " + deleted.version() + " of " + deleted.model()
          + " deleted", e);
    }
  }

  /** Every alias of a model with its moves, oldest first, by sequence number. */
  SortedMap<String, SortedMap<Integer, AliasMove>> aliases(String model) {
    SortedMap<String, SortedMap<Integer, AliasMove>> aliases = new TreeMap<>();
    for (String key : keys(StoreLayout.modelFolder(model))) {
      Matcher m = MOVE_KEY.matcher(key);
      if (m.matches() && m.group(1).equals(model)) {
        int sequence = Integer.parseInt(m.group(3));
        read(StoreLayout.aliasMove(model, m.group(2), sequence)).ifPresent(move -> aliases
            .computeIfAbsent(m.group(2), k -> new TreeMap<>())
            .put(sequence, json.convertValue(move, AliasMove.class)));
      }
    }
    return aliases;
  }

  /** Records a move of an alias as its move number {@code sequence}; false when that number is taken. */
  boolean createMove(String model, int sequence, AliasMove move) {
    return create(StoreLayout.aliasMove(model, move.alias(), sequence), move);
  }

  /** Keys under {@code folder}, relative to {@link StoreLayout#MODELS}. */
  private SortedSet<String> keys(String folder) {
    String models = store.uriOf(StoreLayout.MODELS);
    try {
      SortedSet<String> keys = new TreeSet<>();
      for (String uri : store.list(store.uriOf(folder))) {
        keys.add(uri.substring(models.length()));
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + " in the store", e);
    }
  }

  private Optional<JsonNode> read(String key) {
    try {
      Optional<byte[]> bytes = store.readSmall(store.uriOf(key));
      return bytes.isEmpty() ? Optional.empty() : Optional.of(json.readTree(bytes.get()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + key + " from the store", e);
    }
  }

  private boolean create(String key, Object document) {
    try {
      return store.create(store.uriOf(key), json.writeValueAsBytes(document));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + key + " to the store", e);
    }
  }
}
