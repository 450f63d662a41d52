package ai.pretrain.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Stand-ins for plugins the activities module provides, which this module cannot depend on: spec validation here
 * only needs their names and whether a dataset is images. The real readers and augmentations are tested in
 * activities.
 */
public final class StandInPlugins {

  private StandInPlugins() {}

  /** A dataset reader that has only a name and a kind of example; reading is the real readers' business. */
  private abstract static class StandInDataset implements DatasetReader {
    private final String name;
    private final boolean images;

    StandInDataset(String name, boolean images) {
      this.name = name;
      this.images = images;
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
      super("mnist", true);
    }
  }

  /** Stands in for activities' wine table reader. */
  public static final class Wine extends StandInDataset {
    public Wine() {
      super("wine", false);
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

  /** Stands in for activities' moby-dick corpus. */
  public static final class MobyDick implements TextCorpusReader {
    @Override
    public String name() {
      return "moby-dick";
    }

    @Override
    public String summary() {
      return "stand-in for the moby-dick corpus";
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
