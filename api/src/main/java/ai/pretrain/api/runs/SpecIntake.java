package ai.pretrain.api.runs;

import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.spec.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a spec passes before a run or a schedule starts it: the parser's checks, its data by URI, its webhooks
 * and worker pools against the operator's allowlists; then the operator's default webhook where it names none.
 */
@ApplicationScoped
public class SpecIntake {

  private final SpecParser parser = new SpecParser();
  private final SourceCheck sources;
  private final WebhookTargets webhooks;
  private final WorkerPools pools;
  private final Counter rejected;

  SpecIntake(SourceCheck sources, WebhookTargets webhooks, WorkerPools pools, MeterRegistry registry) {
    this.sources = sources;
    this.webhooks = webhooks;
    this.pools = pools;
    this.rejected =
        Counter.builder("pretrain.runs.rejected").description("Specs refused as invalid").register(registry);
  }

  /** The spec ready to start; throws {@link InvalidSpecException} naming every field that stops it. */
  public PipelineSpec admit(String text) {
    try {
      PipelineSpec spec = parser.parse(text);
      List<Violation> violations = new ArrayList<>(webhooks.violations(spec));
      violations.addAll(pools.violations(spec));
      if (!violations.isEmpty()) {
        throw new InvalidSpecException(violations);
      }
      sources.check(spec);
      return webhooks.withDefault(spec);
    } catch (InvalidSpecException e) {
      rejected.increment();
      throw e;
    }
  }
}
