/** Height of the app header in px (AppShell and full-height screens compute with it). */
export const HEADER_HEIGHT = 56;
