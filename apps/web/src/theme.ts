import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps white text on filled buttons and indigo links on white above 4.5:1 (WCAG AA);
  // Mantine's default shade 6 measures about 4:1.
  primaryShade: { light: 8, dark: 5 },
  // Light variants and dimmed text are darkened in styles.css for the same reason.
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  // 'auto' = :focus-visible: a clear ring for keyboard users, none on mouse click.
  focusRing: 'auto',
  cursorType: 'pointer',
});
