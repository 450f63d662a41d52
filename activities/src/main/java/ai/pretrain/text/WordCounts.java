package ai.pretrain.text;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often each pre-tokenized word occurs in the text a BPE tokenizer learns from, counted as documents stream by.
 * The distinct words take the memory, not the documents: they grow ever more slowly with the text (Heaps' law), and
 * when more than {@code maxWords} are counted the rarest are dropped (every word seen at most once, then at most
 * twice, ..., until a quarter of the table is free), as lossy counting does, so a corpus of any size is counted, and
 * merged, in bounded memory. Text with fewer distinct words than the bound is counted exactly.
 */
public final class WordCounts {

  /**
   * The trainer takes about 1 KiB of heap per distinct word (its symbols, and the index of the words each pair occurs
   * in): the SpamAssassin emails' 117,688 words learn an 8,000-token vocabulary at -Xmx128m, not at -Xmx96m. 2^17
   * words keep it near that in a 512 MiB worker, and above the built-in sets, which are counted exactly.
   */
  public static final int MAX_WORDS = 1 << 17;

  private final int maxWords;
  private final Map<String, long[]> counts = new HashMap<>();
  private long documents;
  private long dropped;
  private int floor;

  public WordCounts() {
    this(MAX_WORDS);
  }

  WordCounts(int maxWords) {
    this.maxWords = maxWords;
  }

  /** Counts the words of one document. */
  public void add(String text) {
    for (String word : ByteLevelPreTokenizer.words(text)) {
      counts.computeIfAbsent(word, w -> new long[1])[0]++;
    }
    documents++;
    if (counts.size() > maxWords) {
      prune();
    }
  }

  private void prune() {
    while (counts.size() > maxWords - maxWords / 4) {
      int least = ++floor;
      int before = counts.size();
      counts.values().removeIf(count -> count[0] <= least);
      dropped += before - counts.size();
    }
  }

  public long documents() {
    return documents;
  }

  /** Distinct words counted now. */
  public int distinct() {
    return counts.size();
  }

  /** Distinct words dropped as rare to keep within the bound (0 where the text was counted exactly). */
  public long dropped() {
    return dropped;
  }

  /** The counts in word order, so what is learned from them does not depend on hash order. */
  Map<String, Long> sorted() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((word, count) -> sorted.put(word, count[0]));
    return sorted;
  }
}
