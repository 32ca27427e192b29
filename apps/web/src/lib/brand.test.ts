import { generateColors } from '@mantine/colors-generator';
import { describe, expect, it } from 'vitest';
import { AA_CONTRAST, brandPalette, contrastRatio, PRIMARY_SHADE } from './brand';

describe('brand palette', () => {
  it('ten shades from the brand colour, light to dark', () => {
    const palette = brandPalette('#4c6ef5');
    expect(palette).toHaveLength(10);
    const contrasts = palette.map((c) => contrastRatio(c, '#ffffff'));
    expect([...contrasts].sort((a, b) => a - b)).toEqual(contrasts);
  });

  it('a dark brand colour keeps the generated shades as they are', () => {
    expect(brandPalette('#1864ab')).toEqual(generateColors('#1864ab'));
  });

  it('a light brand colour (yellow) gets a darker primary shade that passes AA on white and on its tint', () => {
    expect(contrastRatio(generateColors('#fcc419')[PRIMARY_SHADE], '#ffffff')).toBeLessThan(AA_CONTRAST);
    const palette = brandPalette('#fcc419');
    expect(contrastRatio(palette[PRIMARY_SHADE], '#ffffff')).toBeGreaterThanOrEqual(AA_CONTRAST);
    expect(contrastRatio(palette[PRIMARY_SHADE], palette[0])).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('shades 8 and 9 read on shade 0 for any colour, and 9 is never lighter than 8', () => {
    for (const hex of ['#ffff00', '#fcc419', '#69db7c', '#4c6ef5', '#2f9e44', '#000000', '#ffffff']) {
      const palette = brandPalette(hex);
      for (const shade of [8, 9] as const)
        expect(contrastRatio(palette[shade], palette[0])).toBeGreaterThanOrEqual(AA_CONTRAST);
      expect(contrastRatio(palette[9], '#ffffff')).toBeGreaterThanOrEqual(
        contrastRatio(palette[8], '#ffffff'),
      );
    }
  });
});
