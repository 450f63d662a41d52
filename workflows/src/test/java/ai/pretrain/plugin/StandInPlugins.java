package ai.pretrain.plugin;

import ai.pretrain.plugin.EncoderArchitecture.Input;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Stand-ins for plugins the activities module provides, which this module cannot depend on: spec validation here
 * only needs their names, what a dataset holds, what an objective pretrains on and which task a metric scores. The
 * real plugins are tested in activities.
 */
public final class StandInPlugins {

  private StandInPlugins() {}

  /** A plugin with only a name; whatever it would do is the real plugin's business. */
  private abstract static class StandIn implements Plugin {
    private final String name;

    StandIn(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String summary() {
      return "stand-in for activities' " + name;
    }

    static UnsupportedOperationException unsupported() {
      return new UnsupportedOperationException("a stand-in does nothing");
    }
  }

  /** A dataset reader that has only a name and a kind of example. */
  private abstract static class StandInDataset extends StandIn implements DatasetReader {
    private final boolean images;
    private final boolean regression;

    StandInDataset(String name, boolean images, boolean regression) {
      super(name);
      this.images = images;
      this.regression = regression;
    }

    @Override
    public boolean images() {
      return images;
    }

    @Override
    public boolean regression() {
      return regression;
    }

    @Override
    public LabeledDataset read(Path dataRoot) {
      throw unsupported();
    }

    @Override
    public String checksum(Path dataRoot) {
      throw unsupported();
    }
  }

  public static final class Mnist extends StandInDataset {
    public Mnist() {
      super("mnist", true, false);
    }
  }

  public static final class Wine extends StandInDataset {
    public Wine() {
      super("wine", false, false);
    }
  }

  public static final class Diabetes extends StandInDataset {
    public Diabetes() {
      super("diabetes", false, true);
    }
  }

  public static final class SpamEmails extends StandIn implements TextDatasetReader {
    public SpamEmails() {
      super("spam-assassin");
    }

    @Override
    public LabeledTexts read(Path dataRoot) {
      throw unsupported();
    }

    @Override
    public String checksum(Path dataRoot) {
      throw unsupported();
    }
  }

  /** A text corpus that has only a name. */
  private abstract static class StandInCorpus extends StandIn implements TextCorpusReader {
    StandInCorpus(String name) {
      super(name);
    }

    @Override
    public List<String> read(Path dataRoot) {
      throw unsupported();
    }

    @Override
    public String checksum(Path dataRoot) {
      throw unsupported();
    }
  }

  public static final class MobyDick extends StandInCorpus {
    public MobyDick() {
      super("moby-dick");
    }
  }

  public static final class Sotu extends StandInCorpus {
    public Sotu() {
      super("sotu");
    }
  }

  /** An objective that has only a name and what it pretrains on. */
  private abstract static class StandInObjective extends StandIn implements PretrainingObjective {
    private final Set<Input> inputs;

    StandInObjective(String name, Set<Input> inputs) {
      super(name);
      this.inputs = inputs;
    }

    @Override
    public Set<Input> inputs() {
      return inputs;
    }
  }

  public static final class DenoisingAutoencoder extends StandInObjective {
    public DenoisingAutoencoder() {
      super("denoising-autoencoder", Set.of(Input.IMAGES, Input.TABLES));
    }
  }

  public static final class Contrastive extends StandInObjective {
    public Contrastive() {
      super("contrastive", Set.of(Input.IMAGES));
    }
  }

  public static final class MaskedLm extends StandInObjective {
    public MaskedLm() {
      super("masked-lm", Set.of(Input.TEXT));
    }
  }

  public static final class CausalLm extends StandInObjective {
    public CausalLm() {
      super("causal-lm", Set.of(Input.TEXT));
    }
  }

  /** A metric that has only a name and the task it scores. */
  private abstract static class StandInMetric extends StandIn implements Metric {
    private final boolean regression;

    StandInMetric(String name, boolean regression) {
      super(name);
      this.regression = regression;
    }

    @Override
    public boolean regression() {
      return regression;
    }

    @Override
    public boolean higherIsBetter() {
      return !regression;
    }
  }

  public static final class BalancedAccuracy extends StandInMetric {
    public BalancedAccuracy() {
      super("balanced-accuracy", false);
    }
  }

  public static final class MedianAbsoluteError extends StandInMetric {
    public MedianAbsoluteError() {
      super("median-absolute-error", true);
    }
  }

  private abstract static class StandInAugmentation extends StandIn implements Augmentation {
    private final double defaultMagnitude;

    StandInAugmentation(String name, double defaultMagnitude) {
      super(name);
      this.defaultMagnitude = defaultMagnitude;
    }

    @Override
    public double defaultMagnitude() {
      return defaultMagnitude;
    }

    @Override
    public void apply(float[] image, int height, int width, double magnitude, Random random) {
      throw unsupported();
    }
  }

  public static final class RandomResizedCrop extends StandInAugmentation {
    public RandomResizedCrop() {
      super("random-resized-crop", 0.5);
    }
  }

  public static final class Rotation extends StandInAugmentation {
    public Rotation() {
      super("rotation", 15);
    }
  }
}
