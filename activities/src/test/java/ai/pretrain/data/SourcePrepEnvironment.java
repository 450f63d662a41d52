package ai.pretrain.data;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.storage.SourceObjects;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Data prep activities that read sources from a test's MinIO prefix, each over a directory store of its own. */
final class SourcePrepEnvironment implements AutoCloseable {

  private final MinioSources minio;
  private final List<TestActivityEnvironment> environments = new ArrayList<>();

  SourcePrepEnvironment(MinioSources minio) {
    this.minio = minio;
  }

  /** A stub (no retries) over the store in {@code store}, built-in datasets from {@code dataRoot}. */
  DataPrepActivities activities(Path store, Path dataRoot) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    environments.add(env);
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(new StageRunner(new LocalArtifactStore(store)),
        new DatasetCatalog(dataRoot), new SourceDatasets(SourceObjects.fromEnvironment(minio.env()))));
    return env.newActivityStub(DataPrepActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  /** The sha256 of every shard and the tokenizer, which decide every later stage's numbers (ids and card aside). */
  static Map<String, String> shardHashes(PreparedData result) {
    Map<String, String> hashes = new TreeMap<>();
    result.artifacts().forEach((name, ref) -> {
      if (!name.equals("cache-key") && !name.equals(Artifacts.DATASET_CARD)
          && !name.equals(Artifacts.TEST_EXAMPLES)) {
        hashes.put(name, ref.sha256());
      }
    });
    return hashes;
  }

  @Override
  public void close() {
    environments.forEach(TestActivityEnvironment::close);
  }
}
