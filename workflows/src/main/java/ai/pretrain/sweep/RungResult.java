package ai.pretrain.sweep;

/**
 * What one rung of a trial gave.
 *
 * @param rung the rung's position, from 0
 * @param epochs epochs the trial has trained in all, this rung included
 * @param metric the sweep's metric after this rung
 */
public record RungResult(int rung, int epochs, double metric) {}
