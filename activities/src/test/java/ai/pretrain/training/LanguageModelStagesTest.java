package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.TestData;
import ai.pretrain.evaluation.EvaluationActivitiesImpl;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.ContinuedPretrainingSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.EvaluateSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.TransformerSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.text.BpeTokenizer;
import ai.pretrain.text.TransformerConfig;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text path through the real stages on the real corpora, sized to run in well under a minute on a CPU: a tokenizer
 * and a masked language model on Moby-Dick, continued pretraining on the SpamAssassin emails, spam-vs-ham fine-tuning
 * and the comparison against the general-domain model and a scratch baseline.
 */
class LanguageModelStagesTest {

  private static final RunContext RUN = new RunContext("run-text", "text-test", 42);
  private static final PrepSpec PREP = new PrepSpec(0.1, 0.2, 0.05, 2000);
  private static final PretrainSpec BERT = new PretrainSpec("masked-lm", null, 32, null, null, 1, 16, 3e-3, null, null,
      60, PretrainSpec.TRANSFORMER, null, "moby-dick",
      new TransformerSpec(400, 32, 1, 2, 64, 0.1, 0.15, TransformerSpec.MEAN));
  private static final AdaptSpec DOMAIN_ADAPTED =
      new AdaptSpec(0, 0.1, false, null, null, new ContinuedPretrainingSpec(1, 16, 3e-3, 60));
  private static final FineTuneSpec FINE_TUNE = new FineTuneSpec(4, 16, 1e-3, 0.0, 10, null, null, 0, null, null);

  @TempDir static Path store;

  private static TestActivityEnvironment env;
  private static DataPrepActivities dataPrep;
  private static TrainingActivities training;
  private static EvaluationActivities evaluation;
  private static PreparedData data;
  private static StageResult pretrained;
  private static StageResult adapted;

  @BeforeAll
  static void pretrainAndAdapt() {
    TestData.require("moby-dick/moby-dick.jsonl", "moby-dick");
    Path dataRoot = TestData.require("spam-assassin/spam-assassin.jsonl", "spam-assassin");
    env = TestActivityEnvironment.newInstance();
    StageRunner runner = new StageRunner(new LocalArtifactStore(store));
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(runner, new DatasetCatalog(dataRoot)),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)), new EvaluationActivitiesImpl(runner));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    dataPrep = env.newActivityStub(DataPrepActivities.class, options);
    training = env.newActivityStub(TrainingActivities.class, options);
    evaluation = env.newActivityStub(EvaluationActivities.class, options);
    data = dataPrep.prepareText(RUN, new DatasetSpec("spam-assassin"), PREP, BERT);
    pretrained = training.pretrain(RUN, BERT, data);
    adapted = training.adapt(RUN, BERT, DOMAIN_ADAPTED, data, pretrained);
  }

  @AfterAll
  static void close() {
    env.close();
  }

  @Test
  void dataPrepTrainsTheTokenizerOnTheCorpusAndWritesTokenIds() throws Exception {
    assertTrue(data.artifacts().keySet().containsAll(List.of("tokenizer", "corpus-000", "corpus-validation", "domain",
        "domain-validation", "train-000", "labeled", "validation", "test")), data.artifacts().keySet().toString());
    BpeTokenizer tokenizer = BpeTokenizer.load(Path.of(URI.create(data.artifact("tokenizer").uri())));
    assertEquals(400, tokenizer.vocabularySize());
    assertEquals(32.0, data.metrics().get("features"));
    assertEquals(2.0, data.metrics().get("classes"));
    double documents = data.metrics().get("trainExamples") + data.metrics().get("validationExamples")
        + data.metrics().get("testExamples");
    assertEquals(Math.round(documents * 0.2), data.metrics().get("testExamples"));
    assertTrue(data.metrics().get("corpusWindows") > 1000, data.metrics().toString());
  }

  @Test
  void pretrainingLowersTheHeldOutCorpusLoss() {
    assertTrue(pretrained.artifacts().keySet().containsAll(List.of("encoder", "language-model", "history")));
    double uniform = Math.log(400);
    assertTrue(pretrained.metrics().get("validationLoss") < uniform,
        "masked-LM loss " + pretrained.metrics().get("validationLoss") + " should beat guessing, " + uniform);
  }

  @Test
  void anObjectiveFromAPluginPretrainsTheSameTransformer() {
    PretrainSpec spans = new PretrainSpec("span-masking", null, 32, null, null, 1, 16, 3e-3, null, null, 30,
        PretrainSpec.TRANSFORMER, null, "moby-dick", BERT.transformer());
    StageResult pretrainedBySpans = training.pretrain(RUN, spans, data);
    assertTrue(pretrainedBySpans.metrics().get("validationLoss") < Math.log(400),
        pretrainedBySpans.metrics().toString());
    assertFalse(pretrainedBySpans.artifact("encoder").equals(pretrained.artifact("encoder")));
  }

  @Test
  void causalLanguageModellingPretrainsAGptStyleEncoderAndReportsPerplexity() {
    PretrainSpec gpt = new PretrainSpec("causal-lm", null, 32, null, null, 1, 16, 3e-3, null, null, 30,
        PretrainSpec.TRANSFORMER, null, "moby-dick", BERT.transformer());
    StageResult pretrainedGpt = training.pretrain(RUN, gpt, data);
    double perplexity = pretrainedGpt.metrics().get("validationPerplexity");
    assertTrue(perplexity > 1 && perplexity < 400, "next-token perplexity " + perplexity + " should beat guessing");
    assertTrue(TransformerConfig.of(gpt.encoder()).causal(), "the classifier keeps its causal attention");
    assertFalse(TransformerConfig.of(BERT.encoder()).causal());
  }

  @Test
  void continuedPretrainingLowersTheDomainPerplexity() {
    double before = adapted.metrics().get("domainPerplexityBefore");
    double after = adapted.metrics().get("domainPerplexityAfter");
    System.out.printf("continued pretraining on emails: validation-email perplexity %.1f -> %.1f%n", before, after);
    assertTrue(after < 0.9 * before, "domain perplexity " + before + " -> " + after);
    assertNotNull(adapted.artifacts().get("domain-language-model"));
  }

  @Test
  void modelsSharingThePretrainedModelShareItsContinuedPretraining() {
    AdaptSpec probe = EvaluateSpec.adaptOf(EvaluateSpec.LINEAR_PROBE, DOMAIN_ADAPTED);
    StageResult probed = training.adapt(RUN, BERT, probe, data, pretrained);
    assertEquals(adapted.artifacts().get("domain-language-model"), probed.artifacts().get("domain-language-model"));
    assertFalse(adapted.artifact("model").equals(probed.artifact("model")), "the probe has its own head");
  }

  @Test
  void fineTunedModelsAreComparedOnTheSpamTask() {
    AdaptSpec general = EvaluateSpec.adaptOf(EvaluateSpec.GENERAL_PRETRAINED, DOMAIN_ADAPTED);
    AdaptSpec scratch = EvaluateSpec.adaptOf(EvaluateSpec.SCRATCH, DOMAIN_ADAPTED);
    Map<String, StageResult> models = new LinkedHashMap<>();
    models.put("pretrained", training.fineTune(RUN, BERT.encoder(), DOMAIN_ADAPTED, FINE_TUNE, data, adapted));
    models.put(EvaluateSpec.GENERAL_PRETRAINED, training.fineTune(RUN, BERT.encoder(), general, FINE_TUNE, data,
        training.adapt(RUN, BERT, general, data, pretrained)));
    models.put(EvaluateSpec.SCRATCH, training.fineTune(RUN, BERT.encoder(), scratch, FINE_TUNE, data,
        training.adapt(RUN, BERT, scratch, data, null)));

    StageResult scores = evaluation.evaluate(RUN, BERT.encoder(), DOMAIN_ADAPTED, data, models, List.of());

    for (String model : models.keySet()) {
      double accuracy = scores.metrics().get(model + ".accuracy");
      System.out.printf("spam vs ham, %s: accuracy %.3f, F1 %.3f%n", model, accuracy,
          scores.metrics().get(model + ".f1"));
      assertTrue(accuracy > 0.5 && accuracy <= 1.0, model + " accuracy " + accuracy);
    }
    assertTrue(scores.artifacts().containsKey("model-card"));
  }
}
