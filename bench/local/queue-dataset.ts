/**
 * The local queue benchmark's data: the documents bench:sync replicates (bench/sync/dataset.ts: the
 * server's deterministic demo generator, same seed and reference time, tickets numbered as the server
 * numbers them and stamped with the SLA fields it computes), plus the demo settings the SLA views read.
 */
import { demoSettings } from '../../src/server/demo/demo-settings';
import { createDocumentValidators } from '../../src/server/sync/document-validator';
import type { SettingsDocument } from '../../src/shared/domain/settings';
import { DATA_COLLECTIONS, generatedBatches, REFERENCE_TIME, type DatasetSize, type GeneratedDoc } from '../sync/dataset';

export { REFERENCE_TIME };
export type LocalDatasetSize = DatasetSize;

export interface LocalDataset {
  readonly customers: readonly GeneratedDoc[];
  readonly articles: readonly GeneratedDoc[];
  readonly tickets: readonly GeneratedDoc[];
  /** SLA policies, business calendar, groups, saved views… (what the SLA views and countdowns read). */
  readonly settings: readonly SettingsDocument[];
}

/** The data set, every document validated against the shared schemas as a push would be. */
export function localDataset(size: LocalDatasetSize): LocalDataset {
  const validators = createDocumentValidators();
  const [customers, articles, tickets] = DATA_COLLECTIONS.map((collection) => {
    const documents = [...generatedBatches(collection, size)].flat();
    for (const document of documents) {
      const problems = validators[collection](document);
      if (problems.length > 0) throw new Error(`generated ${collection} ${document.id} does not match the schema: ${JSON.stringify(problems)}`);
    }
    return documents;
  }) as [GeneratedDoc[], GeneratedDoc[], GeneratedDoc[]];
  const settings = demoSettings(REFERENCE_TIME);
  for (const document of settings) {
    const problems = validators.settings(document);
    if (problems.length > 0) throw new Error(`demo settings ${document.id} do not match the schema: ${JSON.stringify(problems)}`);
  }
  return { customers, articles, tickets, settings };
}
