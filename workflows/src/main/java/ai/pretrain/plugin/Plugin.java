package ai.pretrain.plugin;

/**
 * Something a pipeline spec refers to by name: a dataset reader (tables and images, or text), a text corpus, an
 * augmentation. A jar adds plugins by listing their classes in {@code META-INF/services/ai.pretrain.plugin.Plugin};
 * each needs a public no-argument constructor that does no heavy work, since the API instantiates plugins only to
 * learn their names.
 */
public interface Plugin {

  /** What the spec writes to choose this plugin: lowercase letters, digits and dashes. */
  String name();

  /** One line for the API's catalogue and for error messages. */
  String summary();
}
