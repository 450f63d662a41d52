package ai.pretrain.plugin;

import java.util.List;

/** A spec named a plugin that is not installed; the message lists the ones that are. */
public final class UnknownPluginException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  public UnknownPluginException(String field, String kind, String name, List<String> known) {
    this(field, "unknown " + kind + " '" + name + "'; installed: " + String.join(", ", known)
        + " (a plugin jar on the worker's and the API's classpath adds more)");
  }

  private UnknownPluginException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The spec field that named the plugin. */
  public String field() {
    return field;
  }

  /** What is wrong, without the field. */
  public String problem() {
    return problem;
  }
}
