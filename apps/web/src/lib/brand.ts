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
 * The shade the light scheme uses for filled buttons (white text) and links (on white): the
 * lightest of shades 6-9 that keeps 4.5:1 against white, so a light brand colour (a yellow) still
 * gives readable text. Shades lighter than 6 are never chosen: they read as tints, not the brand.
 * Returns 9 with `tooLight` when even shade 9 fails; the caller then darkens shade 9.
 */
export function readableShade(palette: MantineColorsTuple): { shade: 6 | 7 | 8 | 9; tooLight: boolean } {
  for (const shade of [6, 7, 8, 9] as const) {
    if (chroma.contrast(palette[shade], '#ffffff') >= AA_CONTRAST) return { shade, tooLight: false };
  }
  return { shade: 9, tooLight: true };
}

/** Darkens `colour` step by step (chroma's Lab darken) until it keeps 4.5:1 against white. */
export function darkenUntilReadable(colour: string): string {
  let c = chroma(colour);
  for (let i = 0; i < 20 && chroma.contrast(c, '#ffffff') < AA_CONTRAST; i += 1) c = c.darken(0.25);
  return c.hex();
}

/**
 * The palette and primary shade for the theme: shade 9 is replaced by a darkened one when the
 * generated palette has no readable shade at all.
 */
export function brandColours(hex: string): { palette: MantineColorsTuple; shade: 6 | 7 | 8 | 9 } {
  const palette = brandPalette(hex);
  const { shade, tooLight } = readableShade(palette);
  if (!tooLight) return { palette, shade };
  const fixed = [...palette] as unknown as string[];
  fixed[9] = darkenUntilReadable(palette[9]);
  return { palette: fixed as unknown as MantineColorsTuple, shade: 9 };
}

/** The contrast of two colours (WCAG ratio), for tests and the settings page's hint. */
export function contrastRatio(a: string, b: string): number {
  return chroma.contrast(a, b);
}
