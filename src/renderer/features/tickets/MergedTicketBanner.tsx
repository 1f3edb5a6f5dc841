/**
 * On a merged ticket: where it lives on now, with a link there (`data-testid="merged-banner"`). A chain
 * of merges (this → B → C) leads to its end; a target this replica does not have yet is said so.
 */
import { Alert, Anchor, Group, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { of, switchMap, type Observable } from 'rxjs';
import type { AtendeDatabase } from '../../data/database';
import { useDatabase, useObservable, type TicketView } from '../../data/hooks';
import { ticketName } from './ticket-merge-labels';

/** Merge chains are a few links long; a longer one is a loop. */
const CHAIN_LIMIT = 20;

/** The end of the merge chain starting at `id`, live; null when it is not on this device or loops. */
function survivor(db: AtendeDatabase, id: string, depth = 0): Observable<TicketView | null> {
  return db.tickets.findOne(id).$.pipe(
    switchMap((doc) => {
      if (doc === null || depth >= CHAIN_LIMIT) return of(null);
      return doc.mergedIntoId === undefined ? of(doc.toJSON() as TicketView) : survivor(db, doc.mergedIntoId, depth + 1);
    }),
  );
}

export function MergedTicketBanner({ mergedIntoId }: { readonly mergedIntoId: string }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const source = useMemo(() => survivor(db, mergedIntoId), [db, mergedIntoId]);
  const target = useObservable<TicketView | null | undefined>(source, undefined);
  if (target === undefined) return null;
  return (
    <Alert color="yellow" role="status" icon={<IconArrowMerge aria-hidden />} data-testid="merged-banner" data-target-id={target?.id ?? ''}>
      {target === null ? (
        <Text size="sm">{t('ticketMerge.bannerUnknown')}</Text>
      ) : (
        <Group gap="sm">
          <Text size="sm">{t('ticketMerge.banner', { ticket: ticketName(t, target), subject: target.subject })}</Text>
          <Anchor component={Link} to={`/tickets/${encodeURIComponent(target.id)}`} size="sm" fw={500}>
            {t('ticketMerge.open', { ticket: ticketName(t, target) })}
          </Anchor>
        </Group>
      )}
    </Alert>
  );
}
