import { describe, expect, it } from 'vitest';
import { AA_CONTRAST, brandColours, brandPalette, contrastRatio, readableShade } from './brand';

describe('brand colours', () => {
  it('generates ten shades from the brand colour, light to dark', () => {
    const palette = brandPalette('#4c6ef5');
    expect(palette).toHaveLength(10);
    const contrasts = palette.map((c) => contrastRatio(c, '#ffffff'));
    expect([...contrasts].sort((a, b) => a - b)).toEqual(contrasts);
  });

  it('a dark brand colour keeps a mid shade; its text passes AA on white and on its own tint (shade 0)', () => {
    const { palette, shade } = brandColours('#1864ab');
    expect(shade).toBeLessThan(9);
    expect(contrastRatio(palette[shade], '#ffffff')).toBeGreaterThanOrEqual(AA_CONTRAST);
    expect(contrastRatio(palette[shade], palette[0])).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('a light brand colour (yellow) moves to a darker shade that passes AA on its tint', () => {
    const palette = brandPalette('#fcc419');
    expect(contrastRatio(palette[6], '#ffffff')).toBeLessThan(AA_CONTRAST);
    const { palette: fixed, shade } = brandColours('#fcc419');
    expect(shade).toBeGreaterThan(6);
    expect(contrastRatio(fixed[shade], fixed[0])).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('a colour so light no generated shade passes gets shade 9 darkened until it does', () => {
    const palette = brandPalette('#ffff00');
    expect(readableShade(palette).tooLight).toBe(true);
    const { palette: fixed, shade } = brandColours('#ffff00');
    expect(shade).toBe(9);
    expect(contrastRatio(fixed[9], '#ffffff')).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('shade 9 reads on shade 0, as the light variants (badges, light buttons) show it', () => {
    for (const hex of ['#fcc419', '#ffff00', '#4c6ef5', '#2f9e44']) {
      const { palette } = brandColours(hex);
      expect(contrastRatio(palette[9], palette[0])).toBeGreaterThanOrEqual(AA_CONTRAST);
    }
  });
});
