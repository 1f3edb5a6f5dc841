import { createTheme, localStorageColorSchemeManager, type MantineThemeOverride } from '@mantine/core';

const base = {
  primaryColor: 'blue',
  // Shade 8: white text on filled controls and light-variant text reach WCAG AA contrast (shade 6 does not).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  focusRing: 'auto',
  cursorType: 'pointer',
} satisfies MantineThemeOverride;

export const theme = createTheme(base);

/**
 * The theme with the user's language in it: Mantine's close buttons (dialogs, drawers, notifications)
 * are icons without a name, which screen readers announce as "button" (axe: button-name, critical).
 * Every one of them gets the localized "Close" here instead of in each dialog.
 */
export function localizedTheme(closeLabel: string) {
  const closeButtonProps = { 'aria-label': closeLabel };
  return createTheme({
    ...base,
    components: {
      Modal: { defaultProps: { closeButtonProps } },
      Drawer: { defaultProps: { closeButtonProps } },
      Notification: { defaultProps: { closeButtonProps } },
    },
  });
}

/** Light/dark follows the OS until the user picks one; the pick is remembered. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'atende.color-scheme' });
