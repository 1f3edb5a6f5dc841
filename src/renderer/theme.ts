import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  focusRing: 'auto',
  cursorType: 'pointer',
});

/** Light/dark follows the OS until the user picks one; the pick is remembered. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'atende.color-scheme' });
