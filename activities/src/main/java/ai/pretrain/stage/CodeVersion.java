package ai.pretrain.stage;

import ai.pretrain.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The version of the stage code, part of every cache key and lineage record: the release version plus a hash of the
 * compiled classes of this module, so changed training code never reuses outputs of the old code while an identical
 * rebuild still does.
 */
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
      return properties.getProperty("version") + "+" + classesHash().substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot determine the code version", e);
    }
  }

  /** sha256 over the names and bytes of the .class files, in name order; zip timestamps do not count. */
  private static String classesHash() throws IOException {
    try {
      MessageDigest digest = Sha256.newDigest();
      Path source = Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(source)) {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(source)) {
          classes = files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path c : classes) {
          digest.update(source.relativize(c).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          digest.update(Files.readAllBytes(c));
        }
      } else {
        try (JarFile jar = new JarFile(source.toFile())) {
          List<java.util.jar.JarEntry> classes = jar.stream()
              .filter(e -> e.getName().endsWith(".class"))
              .sorted(java.util.Comparator.comparing(java.util.jar.JarEntry::getName))
              .toList();
          for (java.util.jar.JarEntry c : classes) {
            digest.update(c.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (InputStream in = jar.getInputStream(c)) {
              digest.update(in.readAllBytes());
            }
          }
        }
      }
      return Sha256.hex(digest);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot hash the stage code", e);
    }
  }
}
