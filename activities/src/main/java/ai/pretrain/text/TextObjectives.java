package ai.pretrain.text;

import ai.pretrain.plugin.PluginRegistry;

/** The language-modelling objectives installed on this worker, by the name a spec gives them. */
public final class TextObjectives {

  private TextObjectives() {}

  /** The objective {@code pretrain.objective} names; spec validation has already checked it is installed. */
  public static TextObjective named(String name) {
    return PluginRegistry.shared().get(TextObjective.KIND, name, "pretrain.objective");
  }
}
