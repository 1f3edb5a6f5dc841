import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8: white text on filled controls and light-variant text reach WCAG AA contrast (shade 6 does not).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  focusRing: 'auto',
  cursorType: 'pointer',
});

/** Light/dark follows the OS until the user picks one; the pick is remembered. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'atende.color-scheme' });
