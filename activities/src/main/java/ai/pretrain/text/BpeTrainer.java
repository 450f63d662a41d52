package ai.pretrain.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns a byte-level BPE vocabulary from a corpus: starting from the 256 byte symbols, repeatedly merges the most
 * frequent adjacent pair (ties broken by the pair's ids, so training is deterministic) until the vocabulary has
 * {@code vocabularySize} entries.
 */
public final class BpeTrainer {

  private final int vocabularySize;
  private final int minFrequency;

  public BpeTrainer(int vocabularySize, int minFrequency) {
    int least = BpeTokenizer.SPECIAL_TOKENS.size() + 256;
    if (vocabularySize < least) {
      throw new IllegalArgumentException("vocabularySize must be at least " + least + " (specials + 256 bytes)");
    }
    this.vocabularySize = vocabularySize;
    this.minFrequency = minFrequency;
  }

  /** A frequency-weighted candidate merge. */
  private record Candidate(long count, int left, int right) {}

  public BpeTokenizer train(Iterable<String> texts) {
    WordCounts words = new WordCounts();
    texts.forEach(words::add);
    return train(words);
  }

  /** Learns from word counts gathered as documents streamed by. */
  public BpeTokenizer train(WordCounts wordCounts) {
    List<String> vocabulary = new ArrayList<>(BpeTokenizer.SPECIAL_TOKENS);
    Map<String, Integer> ids = new HashMap<>();
    for (char c : ByteLevelPreTokenizer.alphabet()) {
      ids.put(String.valueOf(c), vocabulary.size());
      vocabulary.add(String.valueOf(c));
    }

    // Sorted, so word indices (and with them everything below) do not depend on hash order.
    Map<String, Long> sorted = wordCounts.sorted();
    int[][] words = new int[sorted.size()][];
    long[] counts = new long[sorted.size()];
    int w = 0;
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      String word = e.getKey();
      words[w] = new int[word.length()];
      for (int i = 0; i < word.length(); i++) {
        words[w][i] = ids.get(String.valueOf(word.charAt(i)));
      }
      counts[w++] = e.getValue();
    }

    Map<Long, Long> pairCounts = new HashMap<>();
    Map<Long, Set<Integer>> pairWords = new HashMap<>();
    for (int i = 0; i < words.length; i++) {
      addPairs(words[i], counts[i], i, pairCounts, pairWords);
    }
    PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> a.count != b.count
        ? Long.compare(b.count, a.count)
        : a.left != b.left ? Integer.compare(a.left, b.left) : Integer.compare(a.right, b.right));
    pairCounts.forEach((p, c) -> queue.add(new Candidate(c, (int) (p >> 32), (int) (long) p)));

    List<String[]> merges = new ArrayList<>();
    while (vocabulary.size() < vocabularySize && !queue.isEmpty()) {
      Candidate top = queue.poll();
      long pair = BpeTokenizer.pair(top.left, top.right);
      if (pairCounts.getOrDefault(pair, 0L) != top.count) {
        continue; // stale: the pair's count changed after this entry was queued
      }
      if (top.count < minFrequency) {
        break;
      }
      String left = vocabulary.get(top.left);
      String right = vocabulary.get(top.right);
      String token = left + right;
      Integer merged = ids.get(token);
      if (merged == null) {
        merged = vocabulary.size();
        ids.put(token, merged);
        vocabulary.add(token);
      }
      merges.add(new String[] {left, right});
      Set<Long> touched = new HashSet<>();
      for (int i : List.copyOf(pairWords.getOrDefault(pair, Set.of()))) {
        removePairs(words[i], counts[i], pairCounts, touched);
        words[i] = merge(words[i], top.left, top.right, merged);
        addPairs(words[i], counts[i], i, pairCounts, pairWords);
        collectPairs(words[i], touched);
      }
      pairWords.remove(pair);
      for (long p : touched) {
        long c = pairCounts.getOrDefault(p, 0L);
        if (c > 0) {
          queue.add(new Candidate(c, (int) (p >> 32), (int) p));
        }
      }
    }
    return new BpeTokenizer(vocabulary, merges);
  }

  private static int[] merge(int[] word, int left, int right, int merged) {
    int[] out = new int[word.length];
    int n = 0;
    for (int i = 0; i < word.length; i++) {
      if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
        out[n++] = merged;
        i++;
      } else {
        out[n++] = word[i];
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static void addPairs(int[] word, long count, int index, Map<Long, Long> pairCounts,
      Map<Long, Set<Integer>> pairWords) {
    for (int i = 0; i + 1 < word.length; i++) {
      long p = BpeTokenizer.pair(word[i], word[i + 1]);
      pairCounts.merge(p, count, Long::sum);
      pairWords.computeIfAbsent(p, k -> new HashSet<>()).add(index);
    }
  }

  private static void removePairs(int[] word, long count, Map<Long, Long> pairCounts, Set<Long> touched) {
    for (int i = 0; i + 1 < word.length; i++) {
      long p = BpeTokenizer.pair(word[i], word[i + 1]);
      pairCounts.merge(p, -count, Long::sum);
      touched.add(p);
    }
  }

  private static void collectPairs(int[] word, Set<Long> touched) {
    for (int i = 0; i + 1 < word.length; i++) {
      touched.add(BpeTokenizer.pair(word[i], word[i + 1]));
    }
  }
}
