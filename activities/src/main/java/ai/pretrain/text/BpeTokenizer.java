package ai.pretrain.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-level BPE tokenizer (GPT-2 style, no unknown tokens) with BERT's special tokens; encodes as Hugging Face's
 * tokenizers library does from the {@code tokenizer.json} that {@link #save} writes.
 */
public final class BpeTokenizer {

  public static final String PAD = "[PAD]";
  public static final String CLS = "[CLS]";
  public static final String SEP = "[SEP]";
  public static final String MASK = "[MASK]";
  /** The special tokens, which take ids 0..3 in this order. */
  public static final List<String> SPECIAL_TOKENS = List.of(PAD, CLS, SEP, MASK);

  private static final int CACHE_WORDS = 1 << 16;

  private final List<String> vocabulary;
  private final List<String[]> merges;
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<Long, Integer> mergeRank = new HashMap<>();
  private final Map<Long, Integer> mergeResult = new HashMap<>();
  /** Merged words already seen; emptied when full, so encoding a corpus of any size keeps it bounded. */
  private final Map<String, int[]> cache = new HashMap<>();
  private final Pattern specialTokens;

  /** A tokenizer from its vocabulary (index = id; the special tokens first) and its merges in rank order. */
  BpeTokenizer(List<String> vocabulary, List<String[]> merges) {
    if (!vocabulary.subList(0, SPECIAL_TOKENS.size()).equals(SPECIAL_TOKENS)) {
      throw new IllegalArgumentException("the vocabulary must start with " + SPECIAL_TOKENS);
    }
    this.vocabulary = List.copyOf(vocabulary);
    this.merges = List.copyOf(merges);
    for (int i = 0; i < vocabulary.size(); i++) {
      ids.putIfAbsent(vocabulary.get(i), i);
    }
    for (int rank = 0; rank < merges.size(); rank++) {
      String[] m = merges.get(rank);
      long pair = pair(ids.get(m[0]), ids.get(m[1]));
      mergeRank.putIfAbsent(pair, rank);
      mergeResult.putIfAbsent(pair, ids.get(m[0] + m[1]));
    }
    StringBuilder alternatives = new StringBuilder();
    for (String token : SPECIAL_TOKENS) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(token));
    }
    this.specialTokens = Pattern.compile(alternatives.toString());
  }

  public int vocabularySize() {
    return vocabulary.size();
  }

  public int idOf(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException("not in the vocabulary: " + token);
    }
    return id;
  }

  public String tokenOf(int id) {
    return vocabulary.get(id);
  }

  /** Whether {@code id} is one of the special tokens. */
  public boolean isSpecial(int id) {
    return id < SPECIAL_TOKENS.size();
  }

  /** The ids of {@code text} without special tokens around it (a special token written in the text still counts). */
  public int[] encode(String text) {
    List<Integer> out = new ArrayList<>();
    Matcher special = specialTokens.matcher(text);
    int start = 0;
    while (special.find()) {
      encodeSegment(text.substring(start, special.start()), out);
      out.add(ids.get(special.group()));
      start = special.end();
    }
    encodeSegment(text.substring(start), out);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A document as a classifier reads it: {@code [CLS]}, its tokens cut to fit, {@code [SEP]}, then padding. */
  public int[] classifierSequence(String text, int length) {
    int[] ids = encode(text);
    int[] out = new int[length];
    out[0] = idOf(CLS);
    int body = Math.min(ids.length, length - 2);
    System.arraycopy(ids, 0, out, 1, body);
    out[body + 1] = idOf(SEP);
    return out;
  }

  /** {@code [CLS] text [SEP]}, as the saved post-processor adds them. */
  public int[] encodeWithSpecialTokens(String text) {
    int[] body = encode(text);
    int[] out = new int[body.length + 2];
    out[0] = idOf(CLS);
    System.arraycopy(body, 0, out, 1, body.length);
    out[out.length - 1] = idOf(SEP);
    return out;
  }

  private void encodeSegment(String segment, List<Integer> out) {
    for (String word : ByteLevelPreTokenizer.words(segment)) {
      if (cache.size() >= CACHE_WORDS) {
        cache.clear();
      }
      for (int id : cache.computeIfAbsent(word, this::mergeWord)) {
        out.add(id);
      }
    }
  }

  /** Applies the lowest-ranked merge present, all its occurrences left to right, until none applies. */
  private int[] mergeWord(String word) {
    int n = word.length();
    int[] symbols = new int[n];
    for (int i = 0; i < n; i++) {
      symbols[i] = ids.get(String.valueOf(word.charAt(i)));
    }
    while (n > 1) {
      int best = Integer.MAX_VALUE;
      long bestPair = 0;
      for (int i = 0; i + 1 < n; i++) {
        long p = pair(symbols[i], symbols[i + 1]);
        Integer rank = mergeRank.get(p);
        if (rank != null && rank < best) {
          best = rank;
          bestPair = p;
        }
      }
      if (best == Integer.MAX_VALUE) {
        break;
      }
      int merged = mergeResult.get(bestPair);
      int w = 0;
      for (int i = 0; i < n; i++) {
        if (i + 1 < n && pair(symbols[i], symbols[i + 1]) == bestPair) {
          symbols[w++] = merged;
          i++;
        } else {
          symbols[w++] = symbols[i];
        }
      }
      n = w;
    }
    return java.util.Arrays.copyOf(symbols, n);
  }

  static long pair(int left, int right) {
    return ((long) left << 32) | (right & 0xffffffffL);
  }

  /** Reads a {@code tokenizer.json} that {@link #save} wrote: the same vocabulary, merges and ids. */
  public static BpeTokenizer load(Path file) throws IOException {
    JsonNode model = new ObjectMapper().readTree(file.toFile()).path("model");
    if (!"BPE".equals(model.path("type").asText())) {
      throw new IOException(file + " is not a byte-level BPE tokenizer.json");
    }
    String[] vocabulary = new String[model.path("vocab").size()];
    model.path("vocab").fields().forEachRemaining(token -> vocabulary[token.getValue().asInt()] = token.getKey());
    List<String[]> merges = new ArrayList<>();
    for (JsonNode merge : model.path("merges")) {
      merges.add(merge.asText().split(" ", 2));
    }
    return new BpeTokenizer(List.of(vocabulary), merges);
  }

  /** Writes the Hugging Face {@code tokenizer.json}: byte-level BPE, {@code [CLS] $A [SEP]} post-processing. */
  public Path save(Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
    return file;
  }

  private Map<String, Object> toJson() {
    List<Map<String, Object>> added = new ArrayList<>();
    for (String token : SPECIAL_TOKENS) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", idOf(token));
      t.put("content", token);
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", true);
      added.add(t);
    }
    Map<String, Object> byteLevel = new LinkedHashMap<>();
    byteLevel.put("type", "ByteLevel");
    byteLevel.put("add_prefix_space", false);
    byteLevel.put("trim_offsets", true);
    byteLevel.put("use_regex", true);

    Map<String, Object> vocab = new LinkedHashMap<>();
    for (int i = 0; i < vocabulary.size(); i++) {
      vocab.putIfAbsent(vocabulary.get(i), i);
    }
    List<String> mergeLines = new ArrayList<>();
    for (String[] m : merges) {
      mergeLines.add(m[0] + " " + m[1]);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "BPE");
    model.put("dropout", null);
    model.put("unk_token", null);
    model.put("continuing_subword_prefix", null);
    model.put("end_of_word_suffix", null);
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("vocab", vocab);
    model.put("merges", mergeLines);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", "1.0");
    json.put("truncation", null);
    json.put("padding", null);
    json.put("added_tokens", added);
    json.put("normalizer", null);
    json.put("pre_tokenizer", byteLevel);
    json.put("post_processor", template());
    json.put("decoder", byteLevel);
    json.put("model", model);
    return json;
  }

  private Map<String, Object> template() {
    Map<String, Object> specials = new LinkedHashMap<>();
    for (String token : List.of(CLS, SEP)) {
      specials.put(token, ordered("id", token, "ids", List.of(idOf(token)), "tokens", List.of(token)));
    }
    Map<String, Object> post = new LinkedHashMap<>();
    post.put("type", "TemplateProcessing");
    post.put("single", List.of(special(CLS, 0), sequence("A", 0), special(SEP, 0)));
    post.put("pair", List.of(special(CLS, 0), sequence("A", 0), special(SEP, 0), sequence("B", 1), special(SEP, 1)));
    post.put("special_tokens", specials);
    return post;
  }

  private static Map<String, Object> special(String token, int typeId) {
    return Map.of("SpecialToken", ordered("id", token, "type_id", typeId));
  }

  private static Map<String, Object> sequence(String id, int typeId) {
    return Map.of("Sequence", ordered("id", id, "type_id", typeId));
  }
  /**
   * A map that keeps its keys in the order given, so tokenizer.json has the same bytes in every JVM ({@code Map.of}
   * iterates in an order drawn per process).
   */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

}
