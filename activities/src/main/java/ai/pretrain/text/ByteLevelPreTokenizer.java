package ai.pretrain.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level pre-tokenization, as Hugging Face's {@code ByteLevel} pre-tokenizer does it: split text into
 * words with GPT-2's pattern, then spell each word's UTF-8 bytes with one printable character per byte.
 */
final class ByteLevelPreTokenizer {

  /** GPT-2's split pattern; Unicode classes so {@code \s} means what the Rust side's regex engine means. */
  private static final Pattern WORDS = Pattern.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      Pattern.UNICODE_CHARACTER_CLASS);

  private static final char[] BYTE_TO_CHAR = byteAlphabet();

  private ByteLevelPreTokenizer() {}

  /** The words of {@code text}, each already spelled in the byte alphabet. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORDS.matcher(text);
    while (m.find()) {
      words.add(spell(m.group()));
    }
    return words;
  }

  /** The character standing for each byte value 0..255, in byte order. */
  static char[] alphabet() {
    return BYTE_TO_CHAR.clone();
  }

  private static String spell(String word) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    char[] chars = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      chars[i] = BYTE_TO_CHAR[bytes[i] & 0xff];
    }
    return new String(chars);
  }

  /** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map to U+0100 onwards. */
  private static char[] byteAlphabet() {
    char[] map = new char[256];
    boolean[] printable = new boolean[256];
    for (int b = '!'; b <= '~'; b++) {
      printable[b] = true;
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      printable[b] = true;
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      printable[b] = true;
    }
    int next = 256;
    for (int b = 0; b < 256; b++) {
      map[b] = printable[b] ? (char) b : (char) next++;
    }
    return map;
  }
}
