package ai.pretrain.source;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text sources are UTF-8: read strictly, so a Latin-1 or Windows-1252 export (a spreadsheet's default "CSV") fails
 * naming the fix instead of turning every accented letter into a replacement character in the categories and texts.
 */
final class Utf8 {

  private Utf8() {}

  /** A reader that throws {@link java.nio.charset.CharacterCodingException} on bytes that are not UTF-8. */
  static Reader strictReader(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /**
   * The reason a file that is not UTF-8 fails; without a line, since the decoder reads ahead of the parser and the
   * first bad bytes may lie in any line of the block it decoded.
   */
  static String notUtf8() {
    return "is not UTF-8 text (it holds bytes that are not UTF-8, as a Latin-1 or Windows-1252 export does); save it "
        + "as UTF-8 (a spreadsheet's \"CSV UTF-8\", or iconv -f latin1 -t utf-8)";
  }

  /** {@code first} without a byte order mark, which a decoder keeps as U+FEFF. */
  static String withoutByteOrderMark(String first) {
    return first.startsWith("\uFEFF") ? first.substring(1) : first;
  }
}
