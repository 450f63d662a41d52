package ai.pretrain.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The plugins installed in this process, found with {@link ServiceLoader}, looked up by kind and name. Two plugins of
 * one kind with the same name are a packaging mistake and refused when the registry loads.
 */
public final class PluginRegistry {

  private final List<Plugin> plugins;

  public PluginRegistry(Collection<? extends Plugin> plugins) {
    this.plugins = List.copyOf(plugins);
  }

  /** Every plugin on the classpath of the current thread's class loader. */
  public static PluginRegistry installed() {
    List<Plugin> found = new ArrayList<>();
    ServiceLoader.load(Plugin.class).forEach(found::add);
    return new PluginRegistry(found);
  }

  /** The plugins on this process's classpath, found once: what workers build and score with. */
  public static PluginRegistry shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final PluginRegistry INSTANCE = installed();
  }

  /** The plugins of one kind by name, sorted. */
  public <T extends Plugin> Map<String, T> all(PluginKind<T> kind) {
    Map<String, T> byName = new TreeMap<>();
    for (Plugin plugin : plugins) {
      if (kind.type().isInstance(plugin)) {
        T previous = byName.put(plugin.name(), kind.type().cast(plugin));
        if (previous != null && previous.getClass() != plugin.getClass()) {
          throw new IllegalStateException("two " + kind.noun() + " plugins are named '" + plugin.name() + "': "
              + previous.getClass().getName() + " and " + plugin.getClass().getName());
        }
      }
    }
    return byName;
  }

  /** The names of one kind's plugins, sorted. */
  public List<String> names(PluginKind<?> kind) {
    return List.copyOf(all(kind).keySet());
  }

  /** The plugin the spec's {@code field} names; throws {@link UnknownPluginException} listing the installed ones. */
  public <T extends Plugin> T get(PluginKind<T> kind, String name, String field) {
    Map<String, T> byName = all(kind);
    T plugin = byName.get(name);
    if (plugin == null) {
      throw new UnknownPluginException(field, kind.noun(), name, List.copyOf(byName.keySet()));
    }
    return plugin;
  }
}
