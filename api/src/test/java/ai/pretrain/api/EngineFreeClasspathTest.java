package ai.pretrain.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineProvider;
import ai.pretrain.plugin.Augmentation;
import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.plugin.Metric;
import ai.pretrain.plugin.PluginKind;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.plugin.TextCorpusReader;
import ai.pretrain.plugin.TextDatasetReader;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * What of DJL the API carries: its Java API jar, because the built-in plugins it lists by name are the workers' own
 * classes and link against DJL's types; no engine, no native library (PyTorch, tokenizers, JNA), so no DJL engine
 * can load in the API.
 */
class EngineFreeClasspathTest {

  @Test
  void noEngineAndNoNativeLibraryIsOnTheClasspath() {
    for (String name : List.of("ai.djl.pytorch.engine.PtEngine", "ai.djl.pytorch.jni.LibUtils",
        "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer", "com.sun.jna.Native")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is on the API's classpath");
    }
    assertFalse(ServiceLoader.load(EngineProvider.class).iterator().hasNext(), "a DJL engine is on the classpath");
  }

  @Test
  void everyBuiltInPluginLoads() {
    PluginRegistry plugins = PluginRegistry.installed();
    for (PluginKind<?> kind : List.of(DatasetReader.KIND, TextDatasetReader.KIND, TextCorpusReader.KIND,
        EncoderArchitecture.KIND, PretrainingObjective.KIND, Augmentation.KIND, Metric.KIND)) {
      assertFalse(plugins.names(kind).isEmpty(), "no " + kind.noun() + " plugin loaded");
    }
    assertTrue(plugins.names(EncoderArchitecture.KIND).containsAll(List.of("mlp", "residual-cnn", "transformer")),
        plugins.names(EncoderArchitecture.KIND).toString());
  }

  @Test
  void theSourceChecksLoad() throws Exception {
    for (String name : List.of("ai.pretrain.source.SourceDatasets", "ai.pretrain.huggingface.CheckpointFolderCheck",
        "ai.pretrain.storage.SourceObjects", "ai.pretrain.storage.S3Connection")) {
      assertEquals(name, Class.forName(name, true, getClass().getClassLoader()).getName());
    }
  }
}
