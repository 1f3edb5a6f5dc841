import { useEffect, type RefObject } from 'react';

/**
 * Moves focus to a page's heading when the route changes, so screen readers announce the new page and
 * keyboard users continue from its top. Skipped when focus is already inside the page.
 */
export function usePageFocus(ref: RefObject<HTMLElement | null>, key: string): void {
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const main = element.closest('main');
    if (main !== null && main.contains(document.activeElement) && document.activeElement !== main) return;
    element.focus({ preventScroll: true });
  }, [ref, key]);
}
