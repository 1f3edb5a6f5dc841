/**
 * Moving a ticket one tier up or down, with a required reason: routes it to a group of the new tier
 * (the agent may pick another of that tier's groups), keeps the assignee only if they belong to it,
 * and appends the `escalation` entry with the reason. The server adds the tier, group and assignment
 * events from the accepted ticket write; this dialog never writes those.
 */
import { Alert, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RxDocument } from 'rxdb';
import {
  ESCALATION_REASON_MAX,
  escalationDirection,
  groupsForTier,
  planEscalation,
  type EscalationProblem,
} from '../../../shared/domain/escalation';
import type { Tier } from '../../../shared/domain/ticket';
import type { TicketDocType } from '../../data/database';
import { useDatabase } from '../../data/hooks';
import { FormActions } from '../shell/FormActions';
import { useSaveAndClose } from '../shell/useSaveAndClose';
import { useGroups, useUserProfiles } from './workspace-data';

interface EscalationDialogProps {
  readonly doc: RxDocument<TicketDocType>;
  /** The tier to move to; null when closed. */
  readonly toTier: Tier | null;
  readonly author: { readonly id: string };
  readonly onClose: () => void;
}

export function EscalationDialog({ doc, toTier, author, onClose }: EscalationDialogProps) {
  const { t } = useTranslation();
  const down = toTier !== null && escalationDirection(doc.tier, toTier) === 'de-escalate';
  const title = toTier === null ? '' : t(down ? 'escalation.deescalateTitle' : 'escalation.escalateTitle', { tier: toTier });
  return (
    <Modal opened={toTier !== null} onClose={onClose} title={title}>
      {toTier !== null && <EscalationForm doc={doc} toTier={toTier} author={author} onDone={onClose} />}
    </Modal>
  );
}

function EscalationForm({ doc, toTier, author, onDone }: { readonly doc: RxDocument<TicketDocType>; readonly toTier: Tier; readonly author: { readonly id: string }; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const groups = useGroups();
  const profiles = useUserProfiles();
  const candidates = groupsForTier(groups, toTier);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<EscalationProblem | null>(null);
  const { saving, saveAndClose } = useSaveAndClose({ savedText: t('escalation.done', { tier: toTier }), failedText: (message) => t('detail.saveFailed', { message }), onDone });
  const chosenGroup = groupId ?? candidates[0]?.id ?? null;

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ticket = doc.getLatest();
    const result = planEscalation({
      ticket,
      toTier,
      reason,
      groupId: chosenGroup ?? undefined,
      groups,
      assigneeGroupIds: ticket.assigneeId === undefined ? undefined : profiles.get(ticket.assigneeId)?.groupIds,
    });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    const { changes, entry } = result.plan;
    const timeline = db.timeline;
    await saveAndClose(async () => {
      const now = new Date().toISOString();
      await doc.incrementalModify((data) => {
        const next: TicketDocType = { ...data, tier: changes.tier, groupId: changes.groupId, updatedAt: now };
        if (changes.assigneeId === null) delete next.assigneeId;
        else next.assigneeId = changes.assigneeId;
        return next;
      });
      await timeline?.insert({
        id: `tl_${crypto.randomUUID()}`,
        subjectType: 'ticket',
        subjectId: doc.id,
        ...entry,
        occurredAt: now,
        authorType: 'agent',
        authorId: author.id,
        customerId: doc.customerId,
        recordedById: author.id,
        createdAt: now,
      });
    });
  };

  const reasonError = problem === 'reason_required' ? t('escalation.reasonRequired') : problem === 'reason_too_long' ? t('escalation.reasonTooLong', { max: ESCALATION_REASON_MAX }) : null;
  const otherProblem = problem !== null && reasonError === null ? t(`escalation.problem.${problem}`, { tier: toTier }) : null;

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('escalation.routing', { tier: toTier })}</Text>
        <Select
          label={t('escalation.group')}
          data={candidates.map((group) => ({ value: group.id, label: group.name }))}
          value={chosenGroup}
          allowDeselect={false}
          onChange={setGroupId}
          description={candidates.length === 0 ? t('escalation.problem.no_group', { tier: toTier }) : undefined}
        />
        <Textarea
          data-autofocus
          label={t('escalation.reason')}
          description={t('escalation.reasonHint')}
          required
          autosize
          minRows={3}
          value={reason}
          error={reasonError}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            if (problem !== null) setProblem(null);
          }}
        />
        {otherProblem !== null && (
          <Alert color="red" role="alert">
            {otherProblem}
          </Alert>
        )}
        <FormActions submitLabel={t('escalation.confirm', { tier: toTier })} saving={saving} onCancel={onDone} />
      </Stack>
    </form>
  );
}
