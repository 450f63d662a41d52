package ai.pretrain.plugin;

/** One kind of plugin: the interface its plugins implement and the word error messages use for it. */
public record PluginKind<T extends Plugin>(Class<T> type, String noun) {}
