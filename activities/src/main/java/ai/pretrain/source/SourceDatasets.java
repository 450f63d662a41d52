package ai.pretrain.source;

import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.SourceSpec;
import ai.pretrain.storage.SourceIdentity;
import ai.pretrain.storage.SourceLocation;
import ai.pretrain.storage.SourceObjects;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the user's data named by URI in a spec (the dataset, its fixed test set, an unlabeled pretraining set, a text
 * corpus) from the store through {@link SourceObjects}, each object streamed record by record in its format.
 */
public final class SourceDatasets {

  private final SourceObjects sources;

  public SourceDatasets(SourceObjects sources) {
    this.sources = sources;
  }

  public SourceObjects sources() {
    return sources;
  }

  /**
   * The objects {@code uri} names, in order: the object itself, or every object of {@code format} under a prefix
   * (by extension for tables; all for images and IDX, which check their files themselves), leaving out hidden ones
   * ({@link #hidden}). Refused URIs throw
   * {@link ai.pretrain.storage.SourceRefusedException}; nothing there, {@link NoSuchFileException}.
   */
  public List<SourceIdentity> objects(String field, String uri, String format) throws IOException {
    SourceLocation location = sources.locate(field, uri);
    if (!location.isPrefix()) {
      return List.of(sources.stat(location));
    }
    List<SourceIdentity> matching = sources.list(location).stream()
        .filter(o -> !hidden(o.uri().substring(location.uri().length())))
        .filter(o -> !isTable(format) || format.equals(DatasetSpec.formatOf(o.uri()))).toList();
    if (matching.isEmpty()) {
      throw new NoSuchFileException(uri, null, "no " + (isTable(format) ? format + " " : "") + "objects under it");
    }
    return matching;
  }

  /**
   * The labeled examples of a table or image dataset, a fixed test set ({@code dataset.test}) last; a table's wait in
   * spools in {@code workspace} until the result is closed.
   */
  public SourceData read(DatasetSpec spec, Path workspace) throws IOException {
    List<SourceIdentity> objects = objects("dataset.uri", spec.uri(), spec.format());
    if (spec.images()) {
      ImageData train = images("dataset.uri", spec.uri(), objects, spec);
      requireClasses(train, spec);
      if (spec.test() == null) {
        return train.rows();
      }
      ImageData test = images("dataset.test.uri", spec.test().uri(),
          objects("dataset.test.uri", spec.test().uri(), spec.format()), spec);
      return FixedImageTest.append(train, spec.uri(), test, spec.test().uri()).rows();
    }
    try (TableEncoder encoder = new TableEncoder(spec, true, workspace)) {
      List<SourceIdentity> all = new ArrayList<>(objects);
      encode(encoder, "dataset.uri", objects, spec.format(), workspace);
      int testFrom = encodeTest(encoder, spec, all, workspace);
      DatasetCard card = encoder.card(spec.uri(), all);
      return encoder.dataset(spec.uri(), testFrom, spec.test() == null ? card : card.withTest(spec.test().uri()));
    }
  }

  /** The labeled images {@code objects} under {@code uri} (an image folder or IDX files). */
  private ImageData images(String field, String uri, List<SourceIdentity> objects, DatasetSpec spec)
      throws IOException {
    SourceLocation prefix = sources.locate(field, uri);
    return DatasetSpec.IDX.equals(spec.format()) ? IdxFiles.read(sources, prefix, objects, spec)
        : ImageFolder.read(sources, prefix, objects, spec, true);
  }

  /** A training set of images needs two classes; its fixed test set may hold fewer. */
  private static void requireClasses(ImageData train, DatasetSpec spec) {
    List<String> classes = List.copyOf(train.card().classes().keySet());
    if (classes.size() < 2) {
      throw BadDataException.dataset(spec.uri() + (DatasetSpec.IDX.equals(spec.format())
          ? ": the labels hold one class ('" + classes.get(0) + "'); classification needs at least two"
          : ": one class folder ('" + classes.get(0) + "'); classification needs at least two, as "
              + "<prefix>/<class>/<image>"));
    }
  }

  /**
   * The labeled documents of a text dataset ({@code dataset.text}), a fixed test set's ({@code dataset.test}) last,
   * in a spool in {@code workspace} until the result is closed.
   */
  public SourceTexts readTexts(DatasetSpec spec, Path workspace) throws IOException {
    List<SourceIdentity> objects = objects("dataset.uri", spec.uri(), spec.format());
    try (TableEncoder encoder = new TableEncoder(spec, true, workspace)) {
      encode(encoder, "dataset.uri", objects, spec.format(), workspace);
      List<SourceIdentity> all = new ArrayList<>(objects);
      int testFrom = encodeTest(encoder, spec, all, workspace);
      DatasetCard card = encoder.card(spec.uri(), all);
      return new SourceTexts(encoder.texts(spec.uri()), encoder.textIds(),
          spec.test() == null ? card : card.withTest(spec.test().uri()), testFrom);
    }
  }

  /**
   * The documents of a corpus by URI ({@code pretrain.corpus: {uri, format, text}}), in a spool in {@code workspace}
   * until they are closed.
   */
  public Documents readCorpus(SourceSpec corpus, Path workspace) throws IOException {
    DatasetSpec asTexts = new DatasetSpec(null, corpus.uri(), corpus.format(), null, null, null, corpus.text(), null,
        null, null, null, null, null, null);
    List<SourceIdentity> objects = objects("pretrain.corpus.uri", corpus.uri(), asTexts.format());
    try (TableEncoder encoder = new TableEncoder(asTexts, false, workspace)) {
      encode(encoder, "pretrain.corpus.uri", objects, asTexts.format(), workspace);
      return encoder.documents(corpus.uri());
    }
  }

  /** An unlabeled set for pretraining ({@code pretrain.data}), read with the dataset's columns and geometry. */
  public SourceData readUnlabeled(SourceSpec data, DatasetSpec spec, Path workspace) throws IOException {
    String format = data.format() != null ? data.format() : spec.format();
    DatasetSpec unlabeled = new DatasetSpec(null, data.uri(), format, spec.task(), spec.label(), spec.features(), null,
        null, spec.image(), null, spec.onBadRecord(), spec.maxBadFraction(), spec.maxCategories(), spec.missing());
    if (unlabeled.images()) {
      List<SourceIdentity> objects = objects("pretrain.data.uri", data.uri(), format);
      SourceLocation prefix = sources.locate("pretrain.data.uri", data.uri());
      return (DatasetSpec.IDX.equals(format) ? IdxFiles.read(sources, prefix, objects, unlabeled)
          : ImageFolder.read(sources, prefix, objects, unlabeled, false)).rows();
    }
    List<SourceIdentity> objects = objects("pretrain.data.uri", data.uri(), format);
    try (TableEncoder encoder = new TableEncoder(unlabeled, false, workspace)) {
      encode(encoder, "pretrain.data.uri", objects, format, workspace);
      return encoder.dataset(data.uri(), -1, encoder.card(data.uri(), objects));
    }
  }

  /**
   * The columns of the first object {@code uri} names: its header or first record's keys, or a Parquet file's schema
   * from its footer alone ({@link ParquetFooter}).
   */
  public List<String> columns(String field, String uri, String format, Path workspace) throws IOException {
    SourceIdentity first = objects(field, uri, format).get(0);
    SourceLocation location = sources.locate(field, first.uri());
    if (DatasetSpec.PARQUET.equals(format)) {
      return ParquetFooter.columns(sources, location, first);
    }
    try (RecordReader records = TableSources.open(sources, location, first, format, workspace)) {
      return records.columns();
    }
  }

  /**
   * The columns of the first object {@code uri} names that cannot be a feature or the label, each with why: a
   * Parquet file's dates and times, from its footer alone; none for other formats.
   */
  public Map<String, String> unusableColumns(String field, String uri, String format) throws IOException {
    if (!DatasetSpec.PARQUET.equals(format)) {
      return Map.of();
    }
    SourceIdentity first = objects(field, uri, format).get(0);
    return ParquetFooter.unusable(sources, sources.locate(field, first.uri()), first);
  }

  /**
   * Encodes a fixed test set ({@code dataset.test}) after the records already in {@code encoder}, adding its objects
   * to {@code all}; the index of its first record, or -1 where the spec names none.
   */
  private int encodeTest(TableEncoder encoder, DatasetSpec spec, List<SourceIdentity> all, Path workspace)
      throws IOException {
    if (spec.test() == null) {
      return -1;
    }
    int testFrom = encoder.size();
    List<SourceIdentity> test = objects("dataset.test.uri", spec.test().uri(), spec.format());
    encode(encoder, "dataset.test.uri", test, spec.format(), workspace);
    all.addAll(test);
    if (encoder.size() == testFrom) {
      throw BadDataException.dataset(spec.test().uri() + ": the test set has no records");
    }
    return testFrom;
  }

  private void encode(TableEncoder encoder, String field, List<SourceIdentity> objects, String format,
      Path workspace) throws IOException {
    for (SourceIdentity object : objects) {
      SourceLocation location = sources.locate(field, object.uri());
      try (RecordReader records = TableSources.open(sources, location, object, format, workspace)) {
        encoder.begin(object.uri(), records);
        for (SourceRecord record = nextOrBad(records, encoder); record != null; record = nextOrBad(records, encoder)) {
          encoder.add(record);
        }
      }
    }
  }

  /** The next record; a record the reader itself finds bad (not JSON, wrong cell count) goes to the encoder. */
  private static SourceRecord nextOrBad(RecordReader records, TableEncoder encoder) throws IOException {
    while (true) {
      try {
        return records.next();
      } catch (BadDataException e) {
        if (!e.skippable()) {
          throw e;
        }
        encoder.skip(e);
      }
    }
  }

  /**
   * Whether an object under a prefix is one that file managers and archivers leave beside the data, not data: a
   * name or folder starting with a dot (macOS's {@code .DS_Store}, {@code ._photo.jpg}), a {@code __MACOSX/} folder
   * of a zip made on a Mac, Windows Explorer's {@code Thumbs.db} and {@code desktop.ini}.
   */
  static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.equals("__MACOSX") || part.equals("Thumbs.db") || part.equals("desktop.ini")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTable(String format) {
    return DatasetSpec.CSV.equals(format) || DatasetSpec.JSONL.equals(format) || DatasetSpec.PARQUET.equals(format);
  }
}
