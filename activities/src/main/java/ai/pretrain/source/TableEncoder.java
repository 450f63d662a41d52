package ai.pretrain.source;

import ai.pretrain.spec.DatasetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the records of a table or text source into a dataset as records stream in: the label column into classes
 * (or regression targets), feature columns into numbers (strings one-hot encoded, at most {@code maxCategories}
 * values), the text column into documents, the id column into ids; bad records fail or are skipped and counted.
 * A record is taken whole or not at all. A table's features, the documents and the ids go to spools in the workspace,
 * not the heap.
 */
final class TableEncoder implements java.io.Closeable {

  private final DatasetSpec spec;
  private final boolean requireLabel;
  private final BadRecords bad;
  private LabelColumn label;
  private final List<FeatureColumn> features = new ArrayList<>();
  private final TextSpool texts;
  private final IdSpool ids;
  private final Path workspace;
  private FeatureSpool spool;
  private float[] row;
  /** The record's cells of {@link #features}, looked up once per record: this runs for every cell of a table. */
  private String[] cells;
  private float[] values;
  private boolean handedOver;
  private boolean idsHandedOver;

  /**
   * {@code requireLabel} false for unlabeled sets (a pretraining set or a corpus), whose label is ignored; the spools
   * go to {@code workspace}, and {@link #close()} deletes them unless a dataset took them over.
   */
  TableEncoder(DatasetSpec spec, boolean requireLabel, Path workspace) throws IOException {
    this.spec = spec;
    this.workspace = workspace;
    this.ids = new IdSpool(workspace);
    this.texts = spec.text() == null ? null : new TextSpool(workspace);
    this.requireLabel = requireLabel;
    this.bad = new BadRecords(DatasetSpec.SKIP.equals(spec.onBadRecord()),
        spec.maxBadFraction() == null ? 0 : spec.maxBadFraction());
    this.label = requireLabel ? new LabelColumn(spec.label(), spec.regression()) : null;
  }

  /**
   * Starts a file: every column the spec names must be in it, and a label or feature one the reader can give as a
   * value ({@link RecordReader#unusable}); the first file decides the default features.
   */
  void begin(String file, RecordReader records) throws IOException {
    List<String> columns = records.columns();
    List<String> named = new ArrayList<>();
    if (requireLabel) {
      named.add(spec.label());
    }
    if (spec.text() != null) {
      named.add(spec.text());
    }
    if (spec.id() != null && requireLabel) {
      named.add(spec.id());
    }
    if (spec.features() != null) {
      named.addAll(spec.features());
    }
    for (String column : named) {
      if (!columns.contains(column)) {
        throw BadDataException.file(file, "has no column '" + column + "' (" + fieldOf(column) + "); its columns "
            + "are " + String.join(", ", columns));
      }
    }
    if (requireLabel && records.unusable(spec.label()) != null) {
      throw BadDataException.file(file, "column '" + spec.label() + "' (dataset.label) "
          + records.unusable(spec.label()) + "; store the label as a number or a string");
    }
    if (features.isEmpty() && spec.text() == null) {
      List<String> chosen = spec.features() != null ? spec.features() : columns.stream()
          .filter(c -> !c.equals(spec.label()) && !c.equals(spec.id()) && !c.equals(spec.text())).toList();
      if (chosen.isEmpty()) {
        throw BadDataException.file(file, "has no feature columns besides the label; its columns are "
            + String.join(", ", columns));
      }
      List<String> usable = columns.stream().filter(c -> records.unusable(c) == null && !c.equals(spec.label())
          && !c.equals(spec.id())).toList();
      for (String column : chosen) {
        if (records.unusable(column) != null) {
          throw BadDataException.file(file, "column '" + column + "' " + records.unusable(column) + "; list the "
              + "columns to use in dataset.features (e.g. " + String.join(", ", usable) + "), or store it as a number");
        }
      }
      chosen.forEach(c -> features.add(new FeatureColumn(c, DatasetSpec.MEAN.equals(spec.missing()))));
      spool = new FeatureSpool(workspace, features.size());
      row = new float[features.size()];
      cells = new String[features.size()];
      values = new float[features.size()];
    }
  }

  private String fieldOf(String column) {
    if (column.equals(spec.label())) {
      return "dataset.label";
    }
    if (column.equals(spec.text())) {
      // an unlabeled source with a text column is a corpus
      return requireLabel ? "dataset.text" : "pretrain.corpus.text";
    }
    return column.equals(spec.id()) ? "dataset.id" : "dataset.features";
  }

  /** A record the reader found bad before it had cells: failed or skipped and counted. */
  void skip(BadDataException e) {
    bad.counted();
    bad.bad(e);
  }

  /** Takes one record, or fails or skips it. */
  void add(SourceRecord record) throws IOException {
    bad.counted();
    float target;
    String text = null;
    String labelCell = label == null ? null : record.cells().get(spec.label());
    try {
      target = label == null ? Float.NaN : label.check(labelCell, record);
      if (spec.text() != null) {
        text = record.cells().get(spec.text());
        if (text == null || text.isBlank()) {
          throw record.bad(spec.text(), "the text is missing or empty");
        }
      }
      for (int i = 0; i < features.size(); i++) {
        cells[i] = record.cells().get(features.get(i).name());
        values[i] = features.get(i).check(cells[i], record);
      }
    } catch (BadDataException e) {
      bad.bad(e);
      return;
    }
    if (label != null) {
      label.add(labelCell, target);
    }
    if (text != null) {
      texts.add(text);
    }
    for (int i = 0; i < features.size(); i++) {
      row[i] = features.get(i).add(cells[i], values[i], record);
    }
    if (spool != null) {
      spool.add(row);
    }
    String id = spec.id() == null ? null : record.cells().get(spec.id());
    ids.add(id == null ? Long.toString(ids.size() + bad.skipped()) : id);
  }

  /**
   * The examples of a table, which take over the spools (closing the encoder no longer deletes them); fails on too
   * many bad records, one class, or too many categories.
   */
  SourceData dataset(String source, int testFrom, DatasetCard card) throws IOException {
    finish(source);
    for (FeatureColumn column : features) {
      if (!column.numeric() && column.categories().distinct() > spec.maxCategories()) {
        throw BadDataException.dataset(source + ": column '" + column.name() + "' has "
            + column.categories().distinct() + " distinct values, more than maxCategories (" + spec.maxCategories()
            + "); leave it out of dataset.features or raise maxCategories");
      }
    }
    spool.flush();
    ids.flush();
    SpooledTable examples = label == null ? new SpooledTable(spool, features, null, null, 1)
        : label.regression() ? new SpooledTable(spool, features, null, label.targets(), 0)
        : new SpooledTable(spool, features, label.labels(), null, label.classNames().size());
    handedOver = true;
    return new SourceData(examples, testFrom, ids, card);
  }

  /** The documents of a text source with their labels; they take over the documents' spool. */
  LabeledDocuments texts(String source) throws IOException {
    finish(source);
    texts.finish();
    handedOver = true;
    return new LabeledDocuments(texts, label.labels(), label.classNames());
  }

  /**
   * Every record's id, in order (the id column's value, else its record number), handed over with a text set's
   * documents: the spool is the caller's to close.
   */
  IdSpool textIds() throws IOException {
    ids.flush();
    idsHandedOver = true;
    return ids;
  }

  /** The documents of an unlabeled corpus, which take over their spool. */
  Documents documents(String source) throws IOException {
    finish(source);
    texts.finish();
    handedOver = true;
    return texts;
  }

  private void finish(String source) {
    bad.check();
    if (ids.size() == 0) {
      throw BadDataException.dataset(source + ": no records" + (bad.skipped() > 0 ? " that are not bad" : "")
          + "; the source is empty");
    }
    if (label != null) {
      label.requireClasses(source);
    }
  }

  /** How many records were taken so far. */
  int size() {
    return ids.size();
  }

  /** The card's counts and summaries. */
  DatasetCard card(String uri, List<ai.pretrain.storage.SourceIdentity> sources) {
    return new DatasetCard(uri, spec.format(), spec.task(), spec.label(), sources, bad.read(), bad.skipped(),
        bad.reasons(), label == null ? null : label.counts(),
        features.stream().map(FeatureColumn::summary).toList(), null);
  }

  /**
   * Deletes the spools, unless {@link #dataset} handed them over; the ids' spool of a text source, which its
   * documents do not need, always.
   */
  @Override
  public void close() throws IOException {
    if (handedOver && texts == null) {
      return;
    }
    try (IdSpool unused = idsHandedOver ? null : ids) {
      if (spool != null) {
        spool.close();
      }
      if (texts != null && !handedOver) {
        texts.close();
      }
    }
  }
}
