package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.ImageSpec;
import ai.pretrain.storage.SourceIdentity;
import ai.pretrain.storage.SourceLocation;
import ai.pretrain.storage.SourceObjects;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An image folder: {@code <prefix>/<class>/<image>} (or {@code <prefix>/train/<class>/...} and
 * {@code <prefix>/test/<class>/...}), PNG, JPEG, BMP, GIF or TIFF, each converted to the spec's geometry. Images are
 * taken in order of file name, then class, so a folder exported with numbered files keeps its order; classes are the
 * sorted folder names.
 */
final class ImageFolder {

  /** The file names read as images, in any case ({@code .JPG}): the formats the JDK's ImageIO decodes. */
  static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff");

  private ImageFolder() {}

  /** One image with its class folder and whether it is in the test/ half. */
  private record Entry(SourceIdentity object, String className, String fileName, boolean test) {}

  /**
   * The images under {@code prefix}; an unlabeled set ({@code labeled} false, for pretraining) may also hold images
   * directly under the prefix, and its folder names are not classes.
   */
  static ImageData read(SourceObjects sources, SourceLocation prefix, List<SourceIdentity> objects,
      DatasetSpec spec, boolean labeled) throws IOException {
    ImageSpec geometry = spec.image();
    BadRecords bad = new BadRecords(DatasetSpec.SKIP.equals(spec.onBadRecord()), spec.maxBadFraction());
    List<Entry> entries = entries(prefix, objects, bad, labeled);
    int size = geometry.channels() * geometry.height() * geometry.width();
    Categories classes = new Categories();
    List<String> ids = new ArrayList<>();
    float[] pixels = new float[entries.size() * size];
    int rows = 0;
    int testFrom = -1;
    for (Entry entry : entries) {
      bad.counted();
      SourceRecord where = new SourceRecord(entry.object().uri(), "image", Map.of());
      try (InputStream in = sources.open(sources.member(prefix, entry.object()), entry.object())) {
        if (!isImageName(entry.fileName())) {
          throw where.bad(null, "is not a " + String.join(", ", IMAGE_EXTENSIONS) + " image; an image folder "
              + "holds only images");
        }
        ImageDecoding.decode(in, geometry, pixels, rows * size, where);
      } catch (BadDataException e) {
        bad.bad(e);
        continue;
      }
      if (entry.test() && testFrom < 0) {
        testFrom = rows;
      }
      classes.add(entry.className());
      ids.add(entry.object().uri().substring(prefix.uri().length()));
      rows++;
    }
    bad.check();
    if (rows == 0) {
      throw BadDataException.dataset(prefix.uri() + ": no images");
    }
    float[] features = java.util.Arrays.copyOf(pixels, rows * size);
    LabeledDataset examples = new LabeledDataset(features, classes.sortedIndices(), size, classes.distinct(),
        geometry.height(), geometry.width(), false);
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    long[] perClass = classes.counts();
    for (int c = 0; c < perClass.length; c++) {
      counts.put(classes.sorted().get(c), perClass[c]);
    }
    DatasetCard card = new DatasetCard(prefix.uri(), spec.format(), spec.task(), null, objects, bad.read(),
        bad.skipped(), bad.reasons(), counts, List.of(PixelSummary.of(features)), null);
    return new ImageData(examples, testFrom, ids, card);
  }

  /** The images in reading order: the training half first, each by file name then class. */
  private static List<Entry> entries(SourceLocation prefix, List<SourceIdentity> objects, BadRecords bad,
      boolean labeled) {
    List<Entry> entries = new ArrayList<>();
    boolean halves = objects.stream().map(o -> relative(prefix, o).split("/"))
        .anyMatch(parts -> parts.length == 3 && (parts[0].equals("train") || parts[0].equals("test")));
    for (SourceIdentity object : objects) {
      String[] parts = relative(prefix, object).split("/");
      if (halves && parts.length == 3 && (parts[0].equals("train") || parts[0].equals("test"))) {
        entries.add(new Entry(object, parts[1], parts[2], parts[0].equals("test")));
      } else if (!halves && parts.length == 2) {
        entries.add(new Entry(object, labeled ? parts[0] : "", parts[1], false));
      } else if (!labeled && parts.length == 1) {
        entries.add(new Entry(object, "", parts[0], false));
      } else {
        bad.counted();
        bad.bad(BadDataException.record(object.uri(), "image", null, "is not in a class folder; lay images out as "
            + (halves ? "<prefix>/train/<class>/<image> and <prefix>/test/<class>/<image>"
                : "<prefix>/<class>/<image>")));
      }
    }
    entries.sort(Comparator.comparing(Entry::test).thenComparing(Entry::fileName).thenComparing(Entry::className));
    return entries;
  }

  private static String relative(SourceLocation prefix, SourceIdentity object) {
    return object.uri().substring(prefix.uri().length());
  }

  static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return IMAGE_EXTENSIONS.stream().anyMatch(lower::endsWith);
  }
}
