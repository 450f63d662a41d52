package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.storage.SourceIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed test set of images ({@code dataset.test} for imagefolder and idx) appended to the training images: the
 * same geometry, and its classes matched to the training set's by name, so a test folder (or labels file) may lack a
 * class but never bring one the model cannot predict.
 */
final class FixedImageTest {

  private FixedImageTest() {}

  /** {@code train}'s examples, then {@code test}'s from {@code testFrom}, with one card for both. */
  static ImageData append(ImageData train, String trainUri, ImageData test, String testUri) {
    if (train.hasFixedTest()) {
      throw BadDataException.dataset(trainUri + ": holds a test set of its own (test/ class folders or t10k-/test- "
          + "IDX files) and dataset.test names " + testUri + "; keep one of them");
    }
    if (test.hasFixedTest()) {
      throw BadDataException.dataset(testUri + ": a test set is one set of images (<class>/<image> folders, or one "
          + "IDX images and labels pair), not train and test halves");
    }
    LabeledDataset a = train.examples();
    LabeledDataset b = test.examples();
    if (a.imageHeight() != b.imageHeight() || a.imageWidth() != b.imageWidth()
        || a.imageChannels() != b.imageChannels()) {
      throw BadDataException.dataset(testUri + ": the test images are " + describe(b) + " and the training images "
          + describe(a) + "; a test set must have the training set's size and channels");
    }
    List<String> classes = List.copyOf(train.card().classes().keySet());
    List<String> testClasses = List.copyOf(test.card().classes().keySet());
    int[] labels = Arrays.copyOf(a.labels(), a.size() + b.size());
    for (int i = 0; i < b.size(); i++) {
      String name = testClasses.get(b.labels()[i]);
      int label = classes.indexOf(name);
      if (label < 0) {
        throw BadDataException.dataset(testUri + ": class '" + name + "' is not a class of the training set ("
            + String.join(", ", classes) + "); the model can only predict those");
      }
      labels[a.size() + i] = label;
    }
    float[] features = Arrays.copyOf(a.features(), a.features().length + b.features().length);
    System.arraycopy(b.features(), 0, features, a.features().length, b.features().length);
    LabeledDataset examples = new LabeledDataset(features, labels, a.featureCount(), a.classCount(), a.imageHeight(),
        a.imageWidth(), false);
    List<String> ids = new ArrayList<>(train.ids());
    ids.addAll(test.ids());
    return new ImageData(examples, a.size(), ids, card(train.card(), test.card(), features, testUri));
  }

  /** One card for both sets: their objects, records and class counts together, as a table's card counts them. */
  private static DatasetCard card(DatasetCard train, DatasetCard test, float[] pixels, String testUri) {
    List<SourceIdentity> sources = new ArrayList<>(train.sources());
    sources.addAll(test.sources());
    List<String> skipped = new ArrayList<>(train.skipped());
    skipped.addAll(test.skipped());
    Map<String, Long> classes = new LinkedHashMap<>(train.classes());
    test.classes().forEach((name, count) -> classes.merge(name, count, Long::sum));
    return new DatasetCard(train.uri(), train.format(), train.task(), train.label(), sources,
        train.recordsRead() + test.recordsRead(), train.recordsSkipped() + test.recordsSkipped(), skipped, classes,
        List.of(PixelSummary.of(pixels)), testUri);
  }

  private static String describe(LabeledDataset images) {
    return images.imageWidth() + "x" + images.imageHeight() + " (width x height), " + images.imageChannels()
        + (images.imageChannels() == 1 ? " channel" : " channels");
  }
}
