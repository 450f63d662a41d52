package ai.pretrain.data;

import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.storage.SourceObjects;
import java.nio.file.Path;

/**
 * Text data prep of a JSON Lines dataset by URI ({@code body} and {@code label}), run in a JVM of its own so that
 * {@link TextPrepHeapBoundTest} can give it a heap smaller than the data: arguments are the URI, the store's
 * directory and an empty directory for built-in data; prints the metrics.
 */
final class TextPrepInSmallHeap {

  private TextPrepInSmallHeap() {}

  public static void main(String[] args) throws Exception {
    SourcePreparation sources = new SourcePreparation(new StageRunner(new LocalArtifactStore(Path.of(args[1]))),
        new SourceDatasets(SourceObjects.fromEnvironment(System.getenv())));
    DatasetSpec dataset = new DatasetSpec(null, args[0], null, null, "label", null, "body", null, null, null, null,
        null, null, null);
    StageResult result = sources.prepareText(new RunContext("run-heap", "text-heap-test", 42), dataset,
        new PrepSpec(0.1, 0.2, 0.05, 20_000), TextPreparationBytesTest.transformer(null),
        new DatasetCatalog(Path.of(args[2])));
    System.out.println("metrics " + result.metrics());
    // the MinIO client's OkHttp dispatcher threads are not daemons and idle for a minute before they end
    System.exit(0);
  }
}
