/**
 * Colours of call controls at WCAG AA contrast with white text (4.5:1): Mantine's green shades are
 * too light for it, so "answer" and "call" use this darker green. Red (shade 8, the theme's filled
 * shade) passes as it is.
 */
export const ANSWER_GREEN = '#1b7a32';
