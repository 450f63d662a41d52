package ai.pretrain.api.compare;

import static ai.pretrain.api.SpecRequests.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.FinishedRuns;
import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.api.e2e.HeadlessChromium;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.Sha256;
import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The compare page as a user's browser shows it (headless Chromium, authentication off): two finished runs whose
 * fine-tuning histories and ROC curves are in MinIO, overlaid one line per run.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComparePageTest {

  @Inject WorkflowClient client;
  @Inject StoreReader store;
  @TestHTTPResource("/") URL api;

  private FinishedRuns runs;

  @BeforeAll
  void requireServices() {
    TemporalDevServer.require();
    runs = new FinishedRuns(client);
  }

  @AfterAll
  void stop() {
    runs.close();
  }

  @Test
  void overlaysTheRunsLossAndRocCurvesInABrowser() throws Exception {
    String name = uniqueName();
    String first = FinishedRuns.runId(name);
    String second = FinishedRuns.runId(name);
    runs.completeWithSpec(first, "anonymous", spec(name, 0.001), stages(new double[] {1.2, 0.8, 0.5}, "[0, 0.6, 1]"));
    runs.completeWithSpec(second, "anonymous", spec(name, 0.003), stages(new double[] {1.0, 0.6, 0.3}, "[0, 0.8, 1]"));
    String url = api + "api/v1/runs/compare/page?ids=" + first + "," + second;

    given().when().get(url).then().statusCode(200).contentType(containsString("text/html"))
        .header("Content-Security-Policy", containsString("default-src 'none'"));
    String dom = HeadlessChromium.renderedDom(url);
    assertEquals(List.of(first, second), series(dom, "loss-fineTune"));
    assertEquals(List.of(first, second), series(dom, "roc"));
    assertTrue(dom.contains("pretrain.learningRate") && dom.contains("0.001 -&gt; 0.003"), "the spec difference");
    BufferedImage shot = HeadlessChromium.screenshot(url, Path.of("target", "screenshots", "compare.png"), 1280, 1600);
    assertTrue(HeadlessChromium.colouredShare(shot) > 0.002, "the curves are drawn in colour");
  }

  /** The runs a chart draws a line for, in order. */
  private static List<String> series(String dom, String chart) {
    Matcher svg = Pattern.compile("data-chart=\"" + chart + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
    assertTrue(svg.find(), "chart " + chart + " is on the page");
    return Pattern.compile("data-series=\"([^\"]+)\"").matcher(svg.group()).results().map(m -> m.group(1)).toList();
  }

  private static String spec(String name, double learningRate) {
    return "name: " + name + "\ndataset:\n  name: mnist\npretrain:\n  learningRate: " + learningRate + "\n";
  }

  /** A fine-tune stage whose history has these train losses, and an evaluation whose one ROC curve has these rates. */
  private List<StageProgress> stages(double[] trainLosses, String truePositiveRates) throws Exception {
    StringBuilder history = new StringBuilder("[");
    for (int i = 0; i < trainLosses.length; i++) {
      history.append(i == 0 ? "" : ",").append("{\"epoch\":").append(i + 1).append(",\"trainLoss\":")
          .append(trainLosses[i]).append('}');
    }
    String roc = "{\"models\":{\"pretrained\":{\"aucMacro\":0.9,\"classes\":[{\"label\":\"0\",\"auc\":0.9,"
        + "\"falsePositiveRate\":[0,0.2,1],\"truePositiveRate\":" + truePositiveRates + "}]}}}";
    return List.of(
        new StageProgress("fineTune", StageState.COMPLETED, false, UUID.randomUUID().toString(), Map.of(),
            Map.of("history", write("fineTune", "history.json", history.append(']').toString())), null),
        new StageProgress("evaluate", StageState.COMPLETED, false, UUID.randomUUID().toString(),
            Map.of("pretrained.accuracy", 0.9),
            Map.of("roc-json", write("evaluate", "roc.json", roc)), null));
  }

  private ArtifactRef write(String stage, String file, String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String uri = store.uriOf(StoreLayout.stageObject(stage, UUID.randomUUID().toString(), file));
    store.write(uri, bytes);
    return new ArtifactRef(uri, Sha256.of(bytes), bytes.length, "metrics");
  }
}
