package ai.pretrain.plugin;

import java.nio.file.Path;
import java.util.Random;

/**
 * Stand-ins for plugins the activities module provides, which this module cannot depend on: spec validation here
 * only needs their names and whether a dataset is images. The real readers and augmentations are tested in
 * activities.
 */
public final class StandInPlugins {

  private StandInPlugins() {}

  /** Stands in for activities' mnist reader. */
  public static final class Mnist implements DatasetReader {
    @Override
    public String name() {
      return "mnist";
    }

    @Override
    public String summary() {
      return "stand-in for the mnist reader";
    }

    @Override
    public boolean images() {
      return true;
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

  /** Stands in for activities' wine table reader. */
  public static final class Wine implements DatasetReader {
    @Override
    public String name() {
      return "wine";
    }

    @Override
    public String summary() {
      return "stand-in for the wine reader";
    }

    @Override
    public boolean images() {
      return false;
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
