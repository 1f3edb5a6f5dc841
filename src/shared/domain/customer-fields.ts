/** Field helpers for customer records (the merge and the form both rebuild a record without some fields). */

/** A copy of `record` without `fields`, so an optional field the caller does not set again is really absent. */
export function withoutFields<T extends object, K extends keyof T & string>(record: T, fields: readonly K[]): Omit<T, K> {
  const drop = new Set<string>(fields);
  return Object.fromEntries(Object.entries(record).filter(([field]) => !drop.has(field))) as Omit<T, K>;
}
