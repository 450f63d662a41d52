package ai.pretrain.api.artifacts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an object (RFC 9110 §14.1.2), inclusive at both ends. Only single ranges are honoured; a
 * multi-range request is answered whole, as the RFC allows.
 */
public record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /** Thrown for a range that no byte of the object satisfies: answered 416. */
  public static final class Unsatisfiable extends RuntimeException {
    Unsatisfiable() {
      super(null, null, false, false);
    }
  }

  /** The range a {@code Range} header asks for; empty for none, a malformed or multi-range header. */
  public static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          throw new Unsatisfiable();
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(m.group(1));
      Long lastAsked = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
      if (lastAsked != null && lastAsked < first) {
        return Optional.empty(); // not a valid range: ignored, so the whole object is sent
      }
      if (first >= size) {
        throw new Unsatisfiable();
      }
      long last = lastAsked == null ? size - 1 : Math.min(lastAsked, size - 1);
      return Optional.of(new ByteRange(first, last));
    } catch (NumberFormatException tooLong) {
      return Optional.empty();
    }
  }

  public long length() {
    return last - first + 1;
  }

  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }
}
