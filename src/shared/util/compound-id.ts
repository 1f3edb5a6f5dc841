/** Ids are at most this long everywhere (schemas give every id maxLength 64). */
export const ID_LENGTH_MAX = 64;

/**
 * A deterministic id derived from another id, e.g. `${articleId}@v3`: the same inputs always give the
 * same id, so a retried write hits the same document instead of creating a second one. When the
 * result would be too long, the base is shortened and a hash of the whole base keeps results apart.
 */
export function compoundId(base: string, suffix: string): string {
  if (base.length + suffix.length <= ID_LENGTH_MAX) return `${base}${suffix}`;
  const hash = fnv1a(base);
  const keep = Math.max(0, ID_LENGTH_MAX - suffix.length - hash.length - 1);
  return `${base.slice(0, keep)}~${hash}${suffix}`;
}

/** 32-bit FNV-1a as 8 hex digits (not for security; only to keep shortened ids and names apart). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
