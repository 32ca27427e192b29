import { createTheme } from '@mantine/core';
import { brandPalette, PRIMARY_SHADE } from './lib/brand';

const base = createTheme({
  // Light variants and dimmed text are darkened in styles.css for contrast (WCAG AA).
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  // 'auto' = :focus-visible: a clear ring for keyboard users, none on mouse click.
  focusRing: 'auto',
  cursorType: 'pointer',
});

/**
 * The theme in the society's brand colour (its settings): a palette generated from it whose
 * primary shade keeps text and filled buttons above 4.5:1 (WCAG AA; lib/brand.ts).
 */
export function societyTheme(brandColour: string) {
  return createTheme({
    ...base,
    colors: { brand: brandPalette(brandColour) },
    primaryColor: 'brand',
    primaryShade: { light: PRIMARY_SHADE, dark: 5 },
  });
}
