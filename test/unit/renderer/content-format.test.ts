// Sanitizing itself is tested in Chromium (test/e2e/workspace.e2e.ts): DOMPurify needs a real DOM, and
// happy-dom lets <script> through, so a unit test here would prove nothing about the browser.
import { describe, expect, it } from 'vitest';
import { looksLikeHtml } from '../../../src/renderer/features/tickets/content-format';

describe('looksLikeHtml', () => {
  it('tells email HTML from plain text', () => {
    expect(looksLikeHtml('<p>Hello</p>')).toBe(true);
    expect(looksLikeHtml('Hi<br/>there')).toBe(true);
    expect(looksLikeHtml('<a href="https://x">x</a>')).toBe(true);
    expect(looksLikeHtml('if a < b and c > d')).toBe(false);
    expect(looksLikeHtml('Plain text mail')).toBe(false);
  });
});
