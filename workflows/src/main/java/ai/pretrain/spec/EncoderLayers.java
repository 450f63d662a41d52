package ai.pretrain.spec;

/**
 * The encoder's layers with weights as the adapt stage names them: {@code encoder.0} .. {@code encoder.<count - 1>}
 * (the last gives the latent code), of which the first {@code nonLinear} are not linear layers (convolutions, a
 * transformer), so LoRA cannot adapt them.
 */
public record EncoderLayers(int count, int nonLinear) {

  public EncoderLayers {
    if (count < 1 || nonLinear < 0 || nonLinear > count) {
      throw new IllegalArgumentException(count + " encoder layers of which " + nonLinear + " not linear");
    }
  }
}
