package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.Sha256;
import ai.pretrain.huggingface.CheckpointFolder;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.source.BadDataException;
import ai.pretrain.source.Documents;
import ai.pretrain.source.LabeledDocuments;
import ai.pretrain.source.SourceData;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.source.SourceTexts;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SourceSpec;
import ai.pretrain.stage.StageRun;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.SourceIdentity;
import ai.pretrain.storage.SourceRefusedException;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data prep for the user's own data by URI: the source objects' identities (ETag, size, version) go into the cache
 * key, so a changed object misses and the miss names what changed; the objects are read as streams in their format
 * and then split, standardized and sharded exactly as a built-in dataset, with a {@code dataset-card}. Refused or
 * missing sources and bad data fail without retries.
 */
final class SourcePreparation {

  private final StageRunner stages;
  private final SourceDatasets sources;

  SourcePreparation(StageRunner stages, SourceDatasets sources) {
    this.stages = stages;
    this.sources = sources;
  }

  /** A table or image dataset by URI, with an optional separate unlabeled pretraining set. */
  StageResult prepare(RunContext run, DatasetSpec dataset, PrepSpec prep, SourceSpec pretrainingData) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", dataset);
    config.put("prep", prep);
    config.put("seed", run.seed());
    config.put("pixelStatistics", PixelStatistics.RECORDED);
    config.put("source", identity(() -> sources.objects("dataset.uri", dataset.uri(), dataset.format())));
    putTestSource(config, dataset);
    if (pretrainingData != null) {
      config.put("pretrainingData", pretrainingData);
      config.put("pretrainingSource", identity(() -> sources.objects("pretrain.data.uri", pretrainingData.uri(),
          pretrainingData.format() != null ? pretrainingData.format() : dataset.format())));
    }
    return stages.run(run, Stages.PREPARE_DATA, config, List.of(), stage -> readable(() -> {
      try (SourceData data = sources.read(dataset, stage.workspace());
          SourceData unlabeled =
              pretrainingData == null ? null : sources.readUnlabeled(pretrainingData, dataset, stage.workspace())) {
        stage.log().info("read " + data.card().recordsRead() + " records from " + dataset.uri() + ", skipped "
            + data.card().recordsSkipped());
        ArtifactRef card = stage.upload("dataset-card.json", data.card().toJson(), Artifacts.DATASET_CARD);
        ExampleNames examples = new ExampleNames(data.ids(),
            data.card().classes() == null ? null : List.copyOf(data.card().classes().keySet()));
        return DataPrepActivitiesImpl.split(stage, data.examples(), prep, run.seed(), data.testFrom(),
            unlabeled == null ? null : unlabeled.examples(), examples, Map.of(Artifacts.DATASET_CARD, card));
      }
    }));
  }

  /** A text dataset by URI, or a built-in one with a corpus by URI; the same tokenizer path as built-in text. */
  StageResult prepareText(RunContext run, DatasetSpec dataset, PrepSpec prep, PretrainSpec pretrain,
      DatasetCatalog builtIns) {
    SourceSpec corpus = pretrain.corpus();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", dataset);
    config.put("prep", prep);
    config.put("corpus", corpus);
    config.put("vocabularySize", pretrain.transformer().vocabularySize());
    config.put("sequenceLength", pretrain.transformer().sequenceLength());
    config.put("seed", run.seed());
    List<ArtifactRef> raw = new ArrayList<>();
    try {
      if (dataset.hasUri()) {
        config.put("source", identity(() -> sources.objects("dataset.uri", dataset.uri(), dataset.format())));
        putTestSource(config, dataset);
      } else {
        raw.add(new ArtifactRef("dataset:" + dataset.name(), builtIns.textsChecksum(dataset.name()), 0,
            "raw-dataset"));
      }
      if (corpus != null && corpus.hasUri()) {
        config.put("corpusSource", identity(() -> sources.objects("pretrain.corpus.uri", corpus.uri(),
            corpus.format())));
      } else if (corpus != null) {
        raw.add(new ArtifactRef("corpus:" + corpus.name(), builtIns.corpusChecksum(corpus.name()), 0, "raw-corpus"));
      }
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
    return stages.run(run, Stages.PREPARE_DATA, config, raw, stage -> readable(() -> {
      Map<String, ArtifactRef> extra = new LinkedHashMap<>();
      try (SourceTexts texts = texts(stage, dataset, builtIns, extra);
          Documents documents = corpus == null ? null : corpus.hasUri()
              ? sources.readCorpus(corpus, stage.workspace()) : Documents.of(builtIns.readCorpus(corpus.name()))) {
        return TextPreparation.prepare(stage, texts, documents, prep, pretrain.transformer(), run.seed(), extra);
      }
    }));
  }

  /**
   * A text dataset, built in or by URI, tokenized by an imported checkpoint's tokenizer; the sha256 of the
   * checkpoint's config.json and tokenizer files are inputs of the stage, so another tokenizer misses the cache.
   */
  StageResult prepareCheckpointText(RunContext run, DatasetSpec dataset, PrepSpec prep, CheckpointSpec from,
      int sequenceLength, DatasetCatalog builtIns) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("dataset", dataset);
    config.put("prep", prep);
    config.put("from", from);
    config.put("sequenceLength", sequenceLength);
    config.put("seed", run.seed());
    List<ArtifactRef> raw = new ArrayList<>();
    if (dataset.hasUri()) {
      config.put("source", identity(() -> sources.objects("dataset.uri", dataset.uri(), dataset.format())));
      putTestSource(config, dataset);
    } else {
      raw.add(readable(() -> new ArtifactRef("dataset:" + dataset.name(), builtIns.textsChecksum(dataset.name()), 0,
          "raw-dataset")));
    }
    try (CheckpointFolder checkpoint = readable(() -> tokenizerFolder(from))) {
      raw.addAll(checkpoint.files().values());
      return stages.run(run, Stages.PREPARE_DATA, config, raw, stage -> readable(() -> {
        Map<String, ArtifactRef> extra = new LinkedHashMap<>();
        try (SourceTexts texts = texts(stage, dataset, builtIns, extra)) {
          return CheckpointTextPreparation.prepare(stage, texts, prep, checkpoint, sequenceLength, run.seed(), extra);
        }
      }));
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }

  /** The checkpoint's config.json and tokenizer files; a folder that lacks one fails for good, naming it. */
  private CheckpointFolder tokenizerFolder(CheckpointSpec from) throws IOException {
    try {
      return CheckpointFolder.downloadTokenizer(sources.sources(), from);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidCheckpoint");
    }
  }

  /**
   * The labeled documents, a fixed test set's last; for a dataset by URI its card joins {@code extra} (a built-in
   * dataset has neither card nor fixed test set).
   */
  private SourceTexts texts(StageRun stage, DatasetSpec dataset, DatasetCatalog builtIns,
      Map<String, ArtifactRef> extra) throws IOException {
    if (!dataset.hasUri()) {
      return new SourceTexts(LabeledDocuments.of(builtIns.readTexts(dataset.name())), null, null, -1);
    }
    SourceTexts read = sources.readTexts(dataset, stage.workspace());
    extra.put(Artifacts.DATASET_CARD, stage.upload("dataset-card.json", read.card().toJson(), Artifacts.DATASET_CARD));
    return read;
  }

  /** A fixed test set's identity (ETag, size, version) joins the cache key, as the dataset's does. */
  private void putTestSource(Map<String, Object> config, DatasetSpec dataset) {
    if (dataset.test() != null) {
      config.put("testSource", identity(() -> sources.objects("dataset.test.uri", dataset.test().uri(),
          dataset.format())));
    }
  }

  /** Reading the source, which may fail in ways no retry fixes. */
  private interface Read<T> {
    T get() throws IOException;
  }

  /**
   * What identifies the objects in the cache key: one object's ETag, size and version id, or for many their count,
   * bytes and a digest of every identity (a key that lists 60,000 images would be larger than the data's card).
   */
  private static Map<String, Object> identity(Read<List<SourceIdentity>> objects) {
    List<SourceIdentity> found = readable(objects);
    Map<String, Object> key = new LinkedHashMap<>();
    if (found.size() == 1) {
      SourceIdentity one = found.get(0);
      key.put("uri", one.uri());
      key.put("etag", one.etag());
      key.put("size", one.size());
      key.put("versionId", one.versionId());
      return key;
    }
    StringBuilder identities = new StringBuilder();
    long bytes = 0;
    for (SourceIdentity object : found) {
      identities.append(object.uri()).append('\n').append(object.etag()).append('\n').append(object.size())
          .append('\n').append(object.versionId()).append('\n');
      bytes += object.size();
    }
    key.put("objects", found.size());
    key.put("bytes", bytes);
    key.put("identities", Sha256.of(identities.toString()));
    return key;
  }

  /** {@code read}'s result; refused, missing or bad sources become non-retryable failures naming the field or file. */
  private static <T> T readable(Read<T> read) {
    try {
      return read.get();
    } catch (SourceRefusedException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "SourceRefused");
    } catch (NoSuchFileException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getFile() + " does not exist"
          + (e.getReason() == null ? "" : " (" + e.getReason() + ")") + "; upload it or correct the URI",
          "SourceMissing");
    } catch (AccessDeniedException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getFile() + " cannot be read: " + e.getReason(),
          "SourceDenied");
    } catch (BadDataException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "BadData");
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }
}
