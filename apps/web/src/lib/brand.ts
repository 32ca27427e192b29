import { generateColors } from '@mantine/colors-generator';
import type { MantineColorsTuple } from '@mantine/core';
import chroma from 'chroma-js';

/** WCAG AA for normal text. */
export const AA_CONTRAST = 4.5;

/**
 * The light scheme's primary shade, for every colour (theme.ts): shade 8 keeps white text on
 * filled buttons and Mantine's own colours (gray, grape outlines; indigo text) above 4.5:1, where
 * Mantine's default 6 measures about 4:1. The brand palette is made to fit it, not the reverse.
 */
export const PRIMARY_SHADE = 8;

/** Darkens `colour` step by step (chroma's Lab darken) until it keeps 4.5:1 against `background`. */
export function darkenUntilReadable(colour: string, background = '#ffffff'): string {
  let c = chroma(colour);
  for (let i = 0; i < 40 && chroma.contrast(c, background) < AA_CONTRAST; i += 1) c = c.darken(0.25);
  return c.hex();
}

/**
 * The ten shades Mantine needs, generated from the society's brand colour (Mantine's own
 * generator). Shades 8 and 9, which text, outlines and filled buttons use, are darkened where
 * needed to keep 4.5:1 against shade 0 (the tint that light variants and highlighted cards put
 * behind them) and so against white, which is lighter still: a light brand colour (a yellow)
 * still gives readable text.
 */
export function brandPalette(hex: string): MantineColorsTuple {
  const generated = generateColors(hex);
  const tint = generated[0];
  const shade8 = darkenUntilReadable(generated[8], tint);
  let shade9 = darkenUntilReadable(generated[9], tint);
  // Keep 9 at least as dark as 8 (hover and pressed states step from 8 to 9).
  if (chroma(shade9).luminance() > chroma(shade8).luminance()) shade9 = chroma(shade8).darken(0.5).hex();
  return [...generated.slice(0, 8), shade8, shade9] as unknown as MantineColorsTuple;
}

/** The contrast of two colours (WCAG ratio). */
export function contrastRatio(a: string, b: string): number {
  return chroma.contrast(a, b);
}
