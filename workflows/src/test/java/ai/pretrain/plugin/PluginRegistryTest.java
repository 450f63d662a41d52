package ai.pretrain.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

  @Test
  void findsTheRegisteredPluginsByKindAndName() {
    PluginRegistry registry = PluginRegistry.installed();
    assertEquals(List.of("diabetes", "mnist", "wine"), registry.names(DatasetReader.KIND));
    assertEquals(List.of("random-resized-crop", "rotation"), registry.names(Augmentation.KIND));
    assertInstanceOf(StandInPlugins.Wine.class, registry.get(DatasetReader.KIND, "wine", "dataset.name"));
  }

  @Test
  void anUnknownNameNamesTheFieldAndListsTheInstalledOnes() {
    UnknownPluginException e = assertThrows(UnknownPluginException.class,
        () -> PluginRegistry.installed().get(DatasetReader.KIND, "cifar10", "dataset.name"));
    assertEquals("dataset.name", e.field());
    assertTrue(e.getMessage().startsWith("dataset.name: unknown dataset 'cifar10'; installed: diabetes, mnist, wine"),
        e.getMessage());
  }

  @Test
  void twoDifferentPluginsOfOneKindWithOneNameAreRefused() {
    Augmentation other = new Augmentation() {
      @Override
      public String name() {
        return "rotation";
      }

      @Override
      public String summary() {
        return "a second rotation";
      }

      @Override
      public double defaultMagnitude() {
        return 1;
      }

      @Override
      public void apply(float[] image, int height, int width, double magnitude, java.util.Random random) {}
    };
    PluginRegistry registry = new PluginRegistry(List.of(new StandInPlugins.Rotation(), other));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> registry.names(Augmentation.KIND));
    assertTrue(e.getMessage().contains("two augmentation plugins are named 'rotation'"), e.getMessage());
  }
}
