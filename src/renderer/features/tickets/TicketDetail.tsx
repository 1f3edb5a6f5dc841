/**
 * The ticket workspace (`#/tickets/:id`): customer and ticket facts, escalation between tiers, an
 * editor for the subject and properties (status, priority, assignee, group, tags, related tickets,
 * follow-up), the reply box and the timeline. Saving writes the local RxDB document (the replication
 * pushes it); Ctrl/Cmd+S saves, Escape goes back (asking first when there are unsaved edits). While
 * the form is clean it follows the document live, so another agent's change shows up at once.
 * "Merge into…" merges this ticket into another one (MergeTicketDialog); a merged ticket shows where
 * it lives on now.
 */
import { Alert, Anchor, Badge, Button, Card, Center, Group, Kbd, Loader, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconArrowMerge, IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useEffectEvent, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { RxDocument } from 'rxdb';
import type { CannedContext } from '../../../shared/domain/canned';
import { ticketSchema, type Tier } from '../../../shared/domain/ticket';
import type { TicketDocType } from '../../data/database';
import { useCustomer, useTicketDocument } from '../../data/hooks';
import { useSession } from '../../data/session';
import { computeSyncState, syncStatusStore } from '../../data/sync-status';
import { useFormatters } from '../../i18n/format';
import { Composer } from '../composer/Composer';
import { ArticleDrawer } from '../knowledge/ArticleDrawer';
import { SlaBadge } from '../queue/SlaBadge';
import { usePageFocus } from '../shell/usePageFocus';
import { TicketConflicts } from './conflicts';
import { EscalationControls } from './EscalationControls';
import { EscalationDialog } from './EscalationDialog';
import { MergedTicketBanner } from './MergedTicketBanner';
import { MergeTicketDialog } from './MergeTicketDialog';
import { TicketProperties } from './TicketProperties';
import { TicketTimeline } from './TicketTimeline';
import { STATUS_COLORS } from './labels';
import { applyTicketChanges, formValuesOf, sameFormValues, ticketChanges, validateTicketForm, type TicketFormValues } from './ticket-form';
const SUBJECT_MAX = ticketSchema.properties.subject?.maxLength ?? 300;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

export function TicketDetail() {
  const { id = '' } = useParams();
  const doc = useTicketDocument(id);
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (doc === undefined) {
    return (
      <Center h="40vh" role="status">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (doc === null) {
    return (
      <Stack align="flex-start">
        <Alert color="yellow" role="alert">
          {t('detail.notFound')}
        </Alert>
        <Button
          leftSection={<IconArrowLeft aria-hidden size={16} />}
          onClick={() => {
            void navigate('/tickets');
          }}
        >
          {t('detail.back')}
        </Button>
      </Stack>
    );
  }
  // A fresh editor per ticket: no draft leaks from one ticket into another.
  return <TicketEditor key={doc.id} doc={doc} />;
}

/** Escape belongs to an open dropdown, menu or dialog before it means "back". */
function escapeIsForSomethingElse(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return (
    target.closest('[aria-expanded="true"], [data-popup-open="true"], [role="dialog"], [role="menu"], [role="listbox"]') !== null ||
    document.querySelector('[role="dialog"][aria-modal="true"]') !== null
  );
}

function TicketEditor({ doc }: { readonly doc: RxDocument<TicketDocType> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const customer = useCustomer(doc.customerId);
  const user = useSession((state) => state.session?.user);
  const [openArticleId, setOpenArticleId] = useState<string | null>(null);
  const [escalateTo, setEscalateTo] = useState<Tier | null>(null);
  const [merging, setMerging] = useState(false);

  const current = formValuesOf(doc);
  const [base, setBase] = useState<TicketFormValues>(current);
  const [draft, setDraft] = useState<TicketFormValues>(current);
  const [subjectError, setSubjectError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const dirty = !sameFormValues(draft, base);

  // Follow the document while the form is clean (someone else's change, or our own save coming back).
  if (!dirty && !sameFormValues(current, base)) {
    setBase(current);
    setDraft(current);
  }
  const remoteChanged = dirty && !sameFormValues(current, base);

  const headingRef = useRef<HTMLHeadingElement>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const keepEditingRef = useRef<HTMLButtonElement>(null);
  usePageFocus(headingRef, doc.id);

  useEffect(() => {
    if (confirmDiscard) keepEditingRef.current?.focus();
  }, [confirmDiscard]);

  const goBack = () => {
    void navigate('/tickets');
  };

  /** The save in flight: Escape right after Save waits for it instead of asking to discard. */
  const inFlight = useRef<Promise<boolean> | null>(null);

  const save = (): Promise<boolean> => {
    if (inFlight.current !== null) return inFlight.current;
    const run = saveDraft().finally(() => {
      inFlight.current = null;
    });
    inFlight.current = run;
    return run;
  };

  const saveDraft = async (): Promise<boolean> => {
    const validation = validateTicketForm(draft, SUBJECT_MAX);
    if (validation.subject !== undefined) {
      setSubjectError(
        validation.subject === 'required' ? t('detail.subjectRequired') : t('detail.subjectTooLong', { max: SUBJECT_MAX }),
      );
      subjectRef.current?.focus();
      return false;
    }
    setSubjectError(null);
    const normalized: TicketFormValues = { ...draft, subject: draft.subject.trim() };
    const changes = ticketChanges(base, normalized);
    if (changes.length === 0) {
      setDraft(normalized);
      notifications.show({ message: t('detail.noChanges'), color: 'gray', autoClose: 2500 });
      return true;
    }
    setSaving(true);
    try {
      await doc.incrementalModify((data) => applyTicketChanges({ ...data, updatedAt: new Date().toISOString() }, normalized, changes));
      setBase(normalized);
      setDraft(normalized);
      setConfirmDiscard(false);
      const offline = computeSyncState(syncStatusStore.getState()) === 'offline';
      notifications.show({
        message: offline ? t('detail.savedOffline') : t('detail.saved'),
        color: offline ? 'orange' : 'green',
        autoClose: 3000,
      });
      return true;
    } catch (error) {
      notifications.show({
        message: t('detail.saveFailed', { message: error instanceof Error ? error.message : String(error) }),
        color: 'red',
        autoClose: false,
      });
      return false;
    } finally {
      setSaving(false);
    }
  };

  const onEscape = useEffectEvent(() => {
    if (inFlight.current !== null) {
      void inFlight.current.then((saved) => {
        if (saved) goBack();
      });
    } else if (confirmDiscard) {
      setConfirmDiscard(false);
      subjectRef.current?.focus();
    } else if (dirty) {
      setConfirmDiscard(true);
    } else {
      goBack();
    }
  });
  const onSaveShortcut = useEffectEvent(() => {
    void save();
  });

  // Capture phase: runs before an open Select closes itself, so we can tell whose Escape it was.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        onSaveShortcut();
        return;
      }
      if (event.key === 'Escape' && !event.defaultPrevented && !escapeIsForSomethingElse(event.target)) {
        event.preventDefault();
        onEscape();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, []);

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    void save();
  };

  const title =
    doc.number === undefined ? t('detail.titleUnnumbered') : t('detail.title', { number: t('tickets.number', { number: doc.number }) });
  const author = { id: user?.id ?? 'unknown' };
  const cannedContext: CannedContext = {
    ...(customer == null ? {} : { customer }),
    ticket: { number: doc.number, subject: doc.subject },
    ...(user === undefined ? {} : { agent: { name: user.name } }),
  };

  return (
    <Stack gap="md" maw={960}>
      <Group>
        <Button variant="subtle" leftSection={<IconArrowLeft aria-hidden size={16} />} onClick={goBack} px="xs">
          {t('detail.back')}
        </Button>
      </Group>
      <Group gap="sm" align="center">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1} className="page-heading">
          {title}
        </Title>
        <Badge variant="dot" color={STATUS_COLORS[doc.status]}>
          {t(`status.${doc.status}`)}
        </Badge>
        <SlaBadge ticket={doc} />
        {dirty && (
          <Badge variant="outline" color="orange">
            {t('detail.unsaved')}
          </Badge>
        )}
      </Group>
      {doc.mergedIntoId !== undefined && <MergedTicketBanner mergedIntoId={doc.mergedIntoId} />}

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder padding="md" component="section" aria-labelledby="ticket-customer-heading">
          <Text fw={600} id="ticket-customer-heading" mb={4}>
            {t('detail.customer')}
          </Text>
          {customer ? (
            <Stack gap={2}>
              <Anchor component={Link} to={`/customers/${encodeURIComponent(customer.id)}`} data-testid="ticket-customer-link">
                {customer.name}
              </Anchor>
              {customer.organization !== undefined && (
                <Text size="sm" c="dimmed">
                  {t('detail.organization')}: {customer.organization}
                </Text>
              )}
              {customer.email !== undefined && (
                <Text size="sm">
                  {t('detail.customerEmail')}: <Anchor href={`mailto:${customer.email}`}>{customer.email}</Anchor>
                </Text>
              )}
              {customer.phone !== undefined && (
                <Text size="sm">
                  {t('detail.customerPhone')}: <Anchor href={`tel:${customer.phone}`}>{customer.phone}</Anchor>
                </Text>
              )}
            </Stack>
          ) : (
            <Text c="dimmed">{customer === undefined ? t('app.loading') : t('tickets.unknownCustomer')}</Text>
          )}
        </Card>
        <Card withBorder padding="md" component="section">
          <Stack gap={2}>
            <Text size="sm">
              {t('detail.channel')}: {t(`channel.${doc.channel}`)}
            </Text>
            <EscalationControls ticket={doc} disabledReason={dirty ? t('escalation.saveFirst') : null} onEscalate={setEscalateTo} />
            {doc.mergedIntoId === undefined && user !== undefined && (
              <Group gap="xs" align="center">
                <Button
                  size="compact-sm"
                  variant="light"
                  disabled={dirty}
                  leftSection={<IconArrowMerge aria-hidden size={14} />}
                  onClick={() => {
                    setMerging(true);
                  }}
                >
                  {t('ticketMerge.action')}
                </Button>
                {dirty && (
                  <Text size="xs" c="dimmed">
                    {t('ticketMerge.saveFirst')}
                  </Text>
                )}
              </Group>
            )}
            <Text size="sm" c="dimmed">
              {t('detail.created', { time: format.dateTime(doc.createdAt) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('detail.updated', { time: format.dateTime(doc.updatedAt) })}
            </Text>
          </Stack>
        </Card>
      </SimpleGrid>

      <Card withBorder padding="md" component="section" aria-labelledby="ticket-description-heading">
        <Text fw={600} id="ticket-description-heading" mb={4}>
          {t('detail.description')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={doc.description ? undefined : 'dimmed'}>
          {doc.description ?? t('detail.noDescription')}
        </Text>
      </Card>

      <TicketConflicts ticketId={doc.id} />

      {remoteChanged && (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} role="status">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('detail.remoteChanged')}</Text>
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                setBase(current);
                setDraft(current);
                setSubjectError(null);
              }}
            >
              {t('detail.loadRemote')}
            </Button>
          </Stack>
        </Alert>
      )}

      {confirmDiscard && (
        <Alert color="orange" title={t('detail.discardTitle')} role="alertdialog" aria-live="assertive">
          <Text size="sm" mb="sm">
            {t('detail.discardBody')}
          </Text>
          <Group>
            <Button ref={keepEditingRef} size="xs" onClick={() => {
              setConfirmDiscard(false);
              subjectRef.current?.focus();
            }}>
              {t('detail.keepEditing')}
            </Button>
            <Button size="xs" color="red" variant="light" onClick={goBack}>
              {t('detail.discard')}
            </Button>
          </Group>
        </Alert>
      )}

      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            ref={subjectRef}
            label={t('detail.subject')}
            value={draft.subject}
            maxLength={SUBJECT_MAX + 50}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setDraft((previous) => ({ ...previous, subject: value }));
              if (subjectError !== null) setSubjectError(null);
            }}
            error={subjectError}
          />
          <TicketProperties
            ticketId={doc.id}
            tier={doc.tier}
            values={draft}
            stored={current}
            currentUserId={user?.id ?? ''}
            onChange={(change) => {
              setDraft((previous) => ({ ...previous, ...change }));
            }}
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('detail.shortcuts', { save: isMac ? '⌘S' : 'Ctrl+S', back: 'Esc' })
                .split(/(⌘S|Ctrl\+S|Esc)/)
                .map((part, index) =>
                  part === '⌘S' || part === 'Ctrl+S' || part === 'Esc' ? <Kbd key={index}>{part}</Kbd> : part,
                )}
            </Text>
            <Button type="submit" loading={saving} leftSection={<IconDeviceFloppy aria-hidden size={16} />}>
              {t('detail.save')}
            </Button>
          </Group>
        </Stack>
      </form>

      <Composer ticket={doc.toJSON() as TicketDocType} context={cannedContext} language={customer?.language ?? 'en'} author={author} />

      <TicketTimeline ticketId={doc.id} customerId={doc.customerId} onOpenArticle={setOpenArticleId} />

      <EscalationDialog
        doc={doc}
        toTier={escalateTo}
        author={author}
        onClose={() => {
          setEscalateTo(null);
        }}
      />
      {user !== undefined && (
        <MergeTicketDialog
          opened={merging}
          source={doc.toJSON() as TicketDocType}
          actor={{ role: user.role, userId: user.id }}
          onClose={() => {
            setMerging(false);
          }}
          onMerged={(targetId) => {
            setMerging(false);
            void navigate(`/tickets/${encodeURIComponent(targetId)}`);
          }}
        />
      )}
      <ArticleDrawer
        articleId={openArticleId}
        onClose={() => {
          setOpenArticleId(null);
        }}
        onOpenArticle={setOpenArticleId}
      />
    </Stack>
  );
}
