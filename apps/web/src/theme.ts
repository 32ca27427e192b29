import { createTheme } from '@mantine/core';
import { brandColours } from './lib/brand';

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
 * The theme in the society's brand colour (its settings): a palette generated from it, and the
 * light scheme's primary shade that keeps white text on filled buttons and links on white above
 * 4.5:1 (WCAG AA; lib/brand.ts). Mantine's default shade 6 is often below that.
 */
export function societyTheme(brandColour: string) {
  const { palette, shade } = brandColours(brandColour);
  return createTheme({
    ...base,
    colors: { brand: palette },
    primaryColor: 'brand',
    primaryShade: { light: shade, dark: 5 },
  });
}
