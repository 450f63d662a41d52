package ai.pretrain.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Stand-ins for plugins the activities module provides, which this module cannot depend on: spec validation here
 * only needs their names, whether a dataset is images and whether it is a regression. The real readers and
 * augmentations are tested in activities.
 */
public final class StandInPlugins {

  private StandInPlugins() {}

  /** A dataset reader that has only a name and a kind of example; reading is the real readers' business. */
  private abstract static class StandInDataset implements DatasetReader {
    private final String name;
    private final boolean images;
    private final boolean regression;

    StandInDataset(String name, boolean images, boolean regression) {
      this.name = name;
      this.images = images;
      this.regression = regression;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String summary() {
      return "stand-in for the " + name + " reader";
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
      throw new UnsupportedOperationException("a stand-in reads nothing");
    }

    @Override
    public String checksum(Path dataRoot) {
      throw new UnsupportedOperationException("a stand-in reads nothing");
    }
  }

  /** Stands in for activities' mnist reader. */
  public static final class Mnist extends StandInDataset {
    public Mnist() {
      super("mnist", true, false);
    }
  }

  /** Stands in for activities' wine table reader. */
  public static final class Wine extends StandInDataset {
    public Wine() {
      super("wine", false, false);
    }
  }

  /** Stands in for activities' diabetes regression reader. */
  public static final class Diabetes extends StandInDataset {
    public Diabetes() {
      super("diabetes", false, true);
    }
  }

  /** Stands in for activities' moby-dick corpus. */
  public static final class MobyDick extends StandInCorpus {
    public MobyDick() {
      super("moby-dick");
    }
  }

  /** Stands in for activities' State of the Union corpus. */
  public static final class Sotu extends StandInCorpus {
    public Sotu() {
      super("sotu");
    }
  }

  /** Stands in for activities' spam-assassin emails. */
  public static final class SpamEmails implements TextDatasetReader {
    @Override
    public String name() {
      return "spam-assassin";
    }

    @Override
    public String summary() {
      return "stand-in for the spam-assassin reader";
    }

    @Override
    public LabeledTexts read(Path dataRoot) {
      throw new UnsupportedOperationException("a stand-in reads nothing");
    }

    @Override
    public String checksum(Path dataRoot) {
      throw new UnsupportedOperationException("a stand-in reads nothing");
    }
  }

  /** A text corpus that has only a name. */
  private abstract static class StandInCorpus implements TextCorpusReader {
    private final String name;

    StandInCorpus(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String summary() {
      return "stand-in for the " + name + " corpus";
    }

    @Override
    public List<String> read(Path dataRoot) {
      throw new UnsupportedOperationException("a stand-in reads nothing");
    }

    @Override
    public String checksum(Path dataRoot) {
      throw new UnsupportedOperationException("a stand-in reads nothing");
    }
  }

  /** An objective that has only a name and what it pretrains on; training is the activities' business. */
  private abstract static class StandInObjective implements PretrainingObjective {
    private final String name;
    private final Set<EncoderArchitecture.Input> inputs;

    StandInObjective(String name, Set<EncoderArchitecture.Input> inputs) {
      this.name = name;
      this.inputs = inputs;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String summary() {
      return "stand-in for the " + name + " objective";
    }

    @Override
    public Set<EncoderArchitecture.Input> inputs() {
      return inputs;
    }
  }

  /** Stands in for activities' denoising autoencoder. */
  public static final class DenoisingAutoencoder extends StandInObjective {
    public DenoisingAutoencoder() {
      super("denoising-autoencoder", Set.of(EncoderArchitecture.Input.IMAGES, EncoderArchitecture.Input.TABLES));
    }
  }

  /** Stands in for activities' masked language modelling. */
  public static final class MaskedLm extends StandInObjective {
    public MaskedLm() {
      super("masked-lm", Set.of(EncoderArchitecture.Input.TEXT));
    }
  }

  /** Stands in for activities' causal language modelling. */
  public static final class CausalLm extends StandInObjective {
    public CausalLm() {
      super("causal-lm", Set.of(EncoderArchitecture.Input.TEXT));
    }
  }

  /** A metric that has only a name and the task it scores; scoring is the activities' business. */
  private abstract static class StandInMetric implements Metric {
    private final String name;
    private final boolean regression;

    StandInMetric(String name, boolean regression) {
      this.name = name;
      this.regression = regression;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String summary() {
      return "stand-in for the " + name + " metric";
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

  /** Stands in for activities' balanced accuracy. */
  public static final class BalancedAccuracy extends StandInMetric {
    public BalancedAccuracy() {
      super("balanced-accuracy", false);
    }
  }

  /** Stands in for activities' median absolute error. */
  public static final class MedianAbsoluteError extends StandInMetric {
    public MedianAbsoluteError() {
      super("median-absolute-error", true);
    }
  }

  /** Stands in for activities' rotation. */
  public static final class Rotation implements Augmentation {
    @Override
    public String name() {
      return "rotation";
    }

    @Override
    public String summary() {
      return "stand-in for rotation";
    }

    @Override
    public double defaultMagnitude() {
      return 15;
    }

    @Override
    public void apply(float[] image, int height, int width, double magnitude, Random random) {
      throw new UnsupportedOperationException("a stand-in changes nothing");
    }
  }
}
