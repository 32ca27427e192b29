import { generateColors } from '@mantine/colors-generator';
import type { MantineColorsTuple } from '@mantine/core';
import chroma from 'chroma-js';

/** WCAG AA for normal text. */
export const AA_CONTRAST = 4.5;

/** The ten shades Mantine needs, from the society's brand colour (Mantine's own generator). */
export function brandPalette(hex: string): MantineColorsTuple {
  return generateColors(hex);
}

/**
 * The shade the light scheme uses for filled buttons (white text), links and outlines: the lightest
 * of shades 6-9 that keeps 4.5:1 against shade 0, the tint that highlighted cards and light
 * variants put behind such text (and so against white, which is lighter still). A light brand
 * colour (a yellow) thus still gives readable text. Shades lighter than 6 are never chosen: they
 * read as tints, not the brand. Returns 9 with `tooLight` when even shade 9 fails.
 */
export function readableShade(palette: MantineColorsTuple): { shade: 6 | 7 | 8 | 9; tooLight: boolean } {
  for (const shade of [6, 7, 8, 9] as const) {
    if (chroma.contrast(palette[shade], palette[0]) >= AA_CONTRAST) return { shade, tooLight: false };
  }
  return { shade: 9, tooLight: true };
}

/** Darkens `colour` step by step (chroma's Lab darken) until it keeps 4.5:1 against `background`. */
export function darkenUntilReadable(colour: string, background = '#ffffff'): string {
  let c = chroma(colour);
  for (let i = 0; i < 40 && chroma.contrast(c, background) < AA_CONTRAST; i += 1) c = c.darken(0.25);
  return c.hex();
}

/**
 * The palette and primary shade for the theme. Shade 9 is darkened where needed so that it reads
 * on shade 0 (the light variants: badges, light buttons, styles.css) and so on white; a light brand
 * colour whose shades 6-8 all fail then gets shade 9 as its primary shade.
 */
export function brandColours(hex: string): { palette: MantineColorsTuple; shade: 6 | 7 | 8 | 9 } {
  const generated = brandPalette(hex);
  const palette = generated.map((c, i) =>
    i === 9 ? darkenUntilReadable(c, generated[0]) : c,
  ) as unknown as MantineColorsTuple;
  return { palette, shade: readableShade(palette).shade };
}

/** The contrast of two colours (WCAG ratio), for tests and the settings page's hint. */
export function contrastRatio(a: string, b: string): number {
  return chroma.contrast(a, b);
}
