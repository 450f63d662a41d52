package ai.pretrain.api.runs;

import ai.pretrain.api.artifacts.StoreConfig;
import ai.pretrain.huggingface.CheckpointFolderCheck;
import ai.pretrain.source.BadDataException;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SourceSpec;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.storage.SourceObjects;
import ai.pretrain.storage.SourcePolicy;
import ai.pretrain.storage.SourceRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks the data a spec names by URI before its run starts, through the same {@link SourcePolicy} and store client
 * the workers use: the URI's scheme and bucket, that the object or prefix exists, that a CSV, JSON Lines or Parquet
 * source has the label, feature, text and id columns the spec names (from its header, first record, or Parquet
 * footer, read by ranged GETs from the configured store alone), and that its bytes fit the format.
 * A checkpoint to import ({@code pretrain.from}) must hold its three files and declare a supported {@code model_type},
 * and the spec's freeze and LoRA globs must name layers of it.
 */
@ApplicationScoped
public class SourceCheck {

  private final SourceDatasets sources;

  SourceCheck(StoreConfig store, @ConfigProperty(name = "pretrain.data.buckets") Optional<String> buckets,
      @ConfigProperty(name = "pretrain.data.dirs") Optional<String> dirs) {
    Map<String, String> env = new HashMap<>();
    store.uri().ifPresent(v -> env.put(ArtifactStores.STORE_URI, v));
    store.s3Endpoint().ifPresent(v -> env.put(ArtifactStores.S3_ENDPOINT, v));
    store.s3AccessKey().ifPresent(v -> env.put(ArtifactStores.S3_ACCESS_KEY, v));
    store.s3SecretKey().ifPresent(v -> env.put(ArtifactStores.S3_SECRET_KEY, v));
    env.put(ArtifactStores.S3_REGION, store.s3Region());
    buckets.ifPresent(v -> env.put(SourcePolicy.DATA_BUCKETS, v));
    dirs.ifPresent(v -> env.put(SourcePolicy.DATA_DIRS, v));
    this.sources = new SourceDatasets(SourceObjects.fromEnvironment(env));
  }

  /** Throws {@link InvalidSpecException} naming each field whose data cannot be read as the spec says. */
  public void check(PipelineSpec spec) {
    List<ai.pretrain.spec.Violation> violations = new ArrayList<>();
    DatasetSpec dataset = spec.dataset();
    if (dataset.hasUri()) {
      boolean table = !dataset.images();
      if (exists(violations, "dataset.uri", dataset.uri(), dataset.format()) && table) {
        columns(violations, "dataset.uri", dataset.uri(), dataset.format(), expected(dataset, true));
        usable(violations, dataset);
      }
      if (dataset.test() != null && exists(violations, "dataset.test.uri", dataset.test().uri(), dataset.format())
          && table) {
        columns(violations, "dataset.test.uri", dataset.test().uri(), dataset.format(), expected(dataset, true));
      }
    }
    SourceSpec data = spec.pretrain().data();
    if (data != null) {
      String format = data.format() != null ? data.format() : dataset.format();
      if (exists(violations, "pretrain.data.uri", data.uri(), format) && !dataset.images()) {
        columns(violations, "pretrain.data.uri", data.uri(), format, expected(dataset, false));
      }
    }
    SourceSpec corpus = spec.pretrain().corpus();
    if (corpus != null && corpus.hasUri() && exists(violations, "pretrain.corpus.uri", corpus.uri(), corpus.format())) {
      columns(violations, "pretrain.corpus.uri", corpus.uri(), corpus.format(),
          Map.of(corpus.text(), "pretrain.corpus.text"));
    }
    if (spec.pretrain().importsCheckpoint()) {
      try {
        violations.addAll(CheckpointFolderCheck.violations(sources.sources(), spec.pretrain().from(),
            spec.adapt(), spec.fineTune()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidSpecException(violations);
    }
  }

  /**
   * The label and feature columns (the named ones, else every column but label, id and text) must hold values: a
   * Parquet date or time column is refused as the run's data prep would refuse it.
   */
  private void usable(List<ai.pretrain.spec.Violation> violations, DatasetSpec dataset) {
    try {
      Map<String, String> unusable = sources.unusableColumns("dataset.uri", dataset.uri(), dataset.format());
      if (unusable.isEmpty()) {
        return;
      }
      if (dataset.label() != null && unusable.containsKey(dataset.label())) {
        violations.add(new ai.pretrain.spec.Violation("dataset.label", "column '" + dataset.label() + "' "
            + unusable.get(dataset.label()) + "; store the label as a number or a string"));
      }
      if (dataset.text() != null) {
        return;
      }
      List<String> all = sources.columns("dataset.uri", dataset.uri(), dataset.format(), null);
      List<String> features = dataset.features() != null ? dataset.features() : all.stream()
          .filter(c -> !c.equals(dataset.label()) && !c.equals(dataset.id())).toList();
      List<String> usable = all.stream().filter(c -> !unusable.containsKey(c) && !c.equals(dataset.label())
          && !c.equals(dataset.id())).toList();
      features.stream().filter(unusable::containsKey).forEach(column -> violations.add(new ai.pretrain.spec.Violation(
          "dataset.features", "column '" + column + "' " + unusable.get(column) + "; list the columns to use in "
              + "dataset.features (e.g. " + String.join(", ", usable) + "), or store it as a number")));
    } catch (BadDataException e) {
      // the column check has reported what is wrong with the file
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The columns the spec names, each with the field that names it. */
  private static Map<String, String> expected(DatasetSpec dataset, boolean labeled) {
    Map<String, String> columns = new java.util.LinkedHashMap<>();
    if (labeled && dataset.label() != null) {
      columns.put(dataset.label(), "dataset.label");
    }
    if (dataset.text() != null) {
      columns.put(dataset.text(), "dataset.text");
    }
    if (labeled && dataset.id() != null) {
      columns.put(dataset.id(), "dataset.id");
    }
    if (dataset.features() != null) {
      dataset.features().forEach(f -> columns.putIfAbsent(f, "dataset.features"));
    }
    return columns;
  }

  private boolean exists(List<ai.pretrain.spec.Violation> violations, String field, String uri, String format) {
    try {
      sources.objects(field, uri, format);
      return true;
    } catch (SourceRefusedException e) {
      violations.add(new ai.pretrain.spec.Violation(e.field(), e.problem()));
    } catch (NoSuchFileException e) {
      violations.add(new ai.pretrain.spec.Violation(field, uri + " does not exist" + (e.getReason() == null ? ""
          : " (" + e.getReason() + ")") + "; upload it first, or correct the URI"));
    } catch (AccessDeniedException e) {
      violations.add(new ai.pretrain.spec.Violation(field, uri + " cannot be read: " + e.getReason()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return false;
  }

  private void columns(List<ai.pretrain.spec.Violation> violations, String field, String uri, String format,
      Map<String, String> expected) {
    Path workspace = null;
    try {
      workspace = Files.createTempDirectory("source-check-");
      List<String> columns = sources.columns(field, uri, format, workspace);
      expected.forEach((column, columnField) -> {
        if (!columns.contains(column)) {
          violations.add(new ai.pretrain.spec.Violation(columnField, "column '" + column + "' is not in " + uri
              + "; its columns are " + String.join(", ", columns)));
        }
      });
    } catch (BadDataException e) {
      violations.add(new ai.pretrain.spec.Violation(field.replace(".uri", "") + ".format", e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (workspace != null) {
        workspace.toFile().delete();
      }
    }
  }
}
