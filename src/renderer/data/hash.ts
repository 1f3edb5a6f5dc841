/**
 * RxDB's hash function. RxDB uses `crypto.subtle`, which browsers only provide in secure contexts:
 * web mode served over plain http from a LAN address would fail to open the database. There we fall
 * back to @noble/hashes' SHA-256 (same output), so a database opens the same way everywhere.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 of `input` (a string is hashed as its UTF-8 bytes), as lowercase hex, without Web Crypto. */
export function sha256Hex(input: string | Uint8Array): string {
  return bytesToHex(sha256(typeof input === 'string' ? new TextEncoder().encode(input) : input));
}

/** RxDB `hashFunction`: native SHA-256 when available, the JavaScript one otherwise. */
export async function rxdbHash(input: string | ArrayBuffer | Blob): Promise<string> {
  const subtle = typeof crypto !== 'undefined' ? (crypto.subtle as typeof crypto.subtle | undefined) : undefined;
  const bytes =
    typeof input === 'string'
      ? new TextEncoder().encode(input)
      : new Uint8Array(input instanceof ArrayBuffer ? input : await input.arrayBuffer());
  if (subtle !== undefined) return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', bytes)));
  return sha256Hex(bytes);
}
