package ai.pretrain.source;

import java.util.ArrayList;
import java.util.List;

/**
 * What a source does with a bad record: {@code fail} rethrows the first one; {@code skip} counts it, keeps the first
 * reasons for the dataset card, and fails at the end when more than {@code maxBadFraction} of the records were bad.
 */
final class BadRecords {

  static final int REASONS_KEPT = 20;

  private final boolean skip;
  private final double maxBadFraction;
  private final List<String> reasons = new ArrayList<>();
  private long read;
  private long skipped;

  BadRecords(boolean skip, double maxBadFraction) {
    this.skip = skip;
    this.maxBadFraction = maxBadFraction;
  }

  /** A record was read (good or bad). */
  void counted() {
    read++;
  }

  /** Handles one bad record: rethrown, unless skipping is allowed for it. */
  void bad(BadDataException e) {
    if (!skip || !e.skippable()) {
      throw e;
    }
    skipped++;
    if (reasons.size() < REASONS_KEPT) {
      reasons.add(e.getMessage());
    }
  }

  /** Fails when more records were skipped than the spec allows. */
  void check() {
    if (skipped > 0 && skipped > maxBadFraction * read) {
      throw BadDataException.dataset(skipped + " of " + read + " records are bad, more than maxBadFraction ("
          + maxBadFraction + ") allows; the first: " + reasons.get(0));
    }
  }

  long read() {
    return read;
  }

  long skipped() {
    return skipped;
  }

  List<String> reasons() {
    return List.copyOf(reasons);
  }
}
