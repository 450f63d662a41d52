package ai.pretrain.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the training code, part of every stage's cache key and lineage; stamped in by the build. */
public final class CodeVersion {

  private static final String VERSION = load();

  private CodeVersion() {}

  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/ai/pretrain/version.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("the build did not stamp ai/pretrain/version.properties", e);
    }
  }
}
