/**
 * Chains of merged records. A customer or ticket merged into another keeps its id and carries
 * `mergedIntoId`: it lives on in that record. Reading a survivor's history means reading every record
 * merged into it, directly or through a chain (A ← B ← C); a link to a merged record leads to the end
 * of its chain. Offline merges on two devices can meet in a loop (A → B here, B → A there), so every
 * walk here is loop-safe, and `mergeWouldLoop` lets a writer refuse the write that would close one.
 */

export interface MergeLink {
  readonly id: string;
  readonly mergedIntoId?: string | undefined;
}

/** The survivor's id and every id merged into it, directly or through a chain, survivor first. */
export function idsMergedInto(survivorId: string, records: Iterable<MergeLink>): string[] {
  const children = new Map<string, string[]>();
  for (const record of records) {
    if (record.mergedIntoId === undefined) continue;
    const list = children.get(record.mergedIntoId);
    if (list === undefined) children.set(record.mergedIntoId, [record.id]);
    else list.push(record.id);
  }
  const ids = [survivorId];
  const seen = new Set(ids);
  for (let next = 0; next < ids.length; next++) {
    for (const child of children.get(ids[next] ?? '') ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      ids.push(child);
    }
  }
  return ids;
}

/**
 * Where a record lives on: itself when not merged, else the end of its `mergedIntoId` chain.
 * `undefined` when the chain leads to a record `byId` does not have, or loops.
 */
export function survivorIdOf(id: string, byId: ReadonlyMap<string, MergeLink>): string | undefined {
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current !== undefined) {
    if (current.mergedIntoId === undefined) return current.id;
    if (seen.has(current.id)) return undefined;
    seen.add(current.id);
    current = byId.get(current.mergedIntoId);
  }
  return undefined;
}

/** How far a chain is followed before it counts as a loop (real chains are a few links long). */
const CHAIN_LIMIT = 1000;

/**
 * Whether merging `sourceId` into `targetId` would close a loop: the target is the source, or the
 * target's chain leads back to the source. `mergedIntoOf` reads one link (the server reads stored
 * documents; it may be async). A chain that already loops without the source, or runs past
 * CHAIN_LIMIT links, counts as a loop too: nothing should be merged into it.
 */
export async function mergeWouldLoop(
  sourceId: string,
  targetId: string,
  mergedIntoOf: (id: string) => string | undefined | Promise<string | undefined>,
): Promise<boolean> {
  const seen = new Set<string>();
  let current: string | undefined = targetId;
  while (current !== undefined) {
    if (current === sourceId || seen.has(current) || seen.size >= CHAIN_LIMIT) return true;
    seen.add(current);
    current = await mergedIntoOf(current);
  }
  return false;
}
