package ai.pretrain.api.registry;

import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.spec.Violation;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names the registry accepts: they become store folders, so only lowercase letters, digits and inner dashes. An
 * alias starts with a letter, so {@code /versions/{version}} tells an alias from a number.
 */
final class RegistryNames {

  static final String MODEL_PATTERN = "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$";
  static final String ALIAS_PATTERN = "^[a-z]([a-z0-9-]{0,62}[a-z0-9])?$";
  /** A version number or an alias. */
  static final String VERSION_PATTERN = "^([1-9][0-9]{0,8}|[a-z]([a-z0-9-]{0,62}[a-z0-9])?)$";

  private static final Pattern MODEL = Pattern.compile(MODEL_PATTERN);
  private static final Pattern ALIAS = Pattern.compile(ALIAS_PATTERN);
  private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,8}");

  private RegistryNames() {}

  static String model(String name) {
    return checked("name", name, MODEL, "a model name is 1 to 64 lowercase letters, digits and inner dashes ("
        + MODEL_PATTERN + ")");
  }

  static String alias(String alias) {
    return checked("alias", alias, ALIAS, "an alias is 1 to 64 lowercase letters, digits and inner dashes, starting "
        + "with a letter (" + ALIAS_PATTERN + ")");
  }

  /** A version number, or empty when {@code version} is an alias; 400 when it is neither. */
  static Optional<Integer> versionNumber(String version) {
    if (version != null && NUMBER.matcher(version).matches()) {
      return Optional.of(Integer.parseInt(version));
    }
    if (version == null || !ALIAS.matcher(version).matches()) {
      throw invalid("version", "a version is a number from 1 or an alias (" + ALIAS_PATTERN + ")");
    }
    return Optional.empty();
  }

  static ProblemException invalid(String field, String message) {
    return ProblemException.invalidRequest(List.of(new Violation(field, message)));
  }

  private static String checked(String field, String value, Pattern pattern, String message) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw invalid(field, message);
    }
    return value;
  }
}
