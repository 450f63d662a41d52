package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code evaluate.metrics}: metric plugins scoring every model, each fitting the dataset's task. */
class MetricSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void namedMetricsParseAndDefaultToNone() {
    assertEquals(List.of(), parser.parse("{name: x, dataset: {name: mnist}}").evaluate().metrics());
    assertEquals(List.of("balanced-accuracy"), parser.parse(
        "{name: x, dataset: {name: mnist}, evaluate: {metrics: [balanced-accuracy]}}").evaluate().metrics());
    assertEquals(List.of("median-absolute-error"), parser.parse(
        "{name: x, dataset: {name: diabetes}, evaluate: {metrics: [median-absolute-error]}}").evaluate().metrics());
  }

  @Test
  void anUnknownMetricListsTheInstalledOnes() {
    assertTrue(violationsOf("{name: x, dataset: {name: mnist}, evaluate: {metrics: [brier-score]}}")
        .get("evaluate.metrics[0]").startsWith("unknown metric 'brier-score'; installed: balanced-accuracy, "
            + "median-absolute-error"));
  }

  @Test
  void aMetricOfTheOtherTaskIsNamedWithTheOnesThatFit() {
    assertEquals("median-absolute-error scores regressions and this dataset is a classification; use one of "
        + "balanced-accuracy", violationsOf("""
        {name: x, dataset: {name: wine}, evaluate: {metrics: [balanced-accuracy, median-absolute-error]}}""")
        .get("evaluate.metrics[1]"));
    assertEquals("balanced-accuracy scores classifiers and this dataset is a regression; use one of "
        + "median-absolute-error", violationsOf("""
        {name: x, dataset: {name: diabetes}, evaluate: {metrics: [balanced-accuracy]}}""")
        .get("evaluate.metrics[0]"));
  }

  private Map<String, String> violationsOf(String yaml) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(yaml));
    return e.violations().stream()
        .collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b));
  }
}
