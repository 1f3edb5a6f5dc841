/**
 * Settings for the global answer / hang-up shortcuts of the desktop app: a recorder per action, the
 * problems with what was recorded, and after saving what the OS granted (active, off, in use by
 * another application). Nothing is applied before Save; Reset to defaults (none) also waits for Save.
 * In web mode there are no global shortcuts: the dialog says so, with the softphone's in-window keys,
 * and its fields are disabled.
 *
 * Test hooks: recorders `[data-testid="shortcut-<action>"]` with `data-accelerator`; statuses
 * `[data-testid="shortcut-status-<action>"]` with `data-status`.
 */
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAccelerator, type KeyboardPlatform } from '../../../shared/voice/shortcut-keys';
import {
  CALL_SHORTCUT_ACTIONS,
  NO_CALL_SHORTCUTS,
  callShortcutProblems,
  parseAccelerator,
  type AcceleratorError,
  type CallShortcutAction,
  type CallShortcuts,
  type CallShortcutsResult,
  type ShortcutStatus,
} from '../../../shared/voice/shortcuts';
import type { SetShortcutsOutcome } from '../../voice/desktop-bridge';
import { SOFTPHONE_SHORTCUTS } from './useSoftphoneShortcuts';
import { ShortcutRecorder } from './ShortcutRecorder';

/** The part of the window's DesktopCalls the dialog uses. */
export interface CallShortcutSettings {
  /** False in web mode: no desktop shell, no global shortcuts. */
  readonly available: boolean;
  shortcuts(): CallShortcuts;
  appliedStatus(): CallShortcutsResult | null;
  setShortcuts(shortcuts: CallShortcuts): Promise<SetShortcutsOutcome>;
}

export interface CallShortcutsDialogProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly settings: CallShortcutSettings;
  readonly platform: KeyboardPlatform;
}

export function CallShortcutsDialog({ opened, onClose, settings, platform }: CallShortcutsDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('desktop.shortcuts.title')} size="md" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {/* Mounted while open only: each opening starts from what is saved. */}
      {opened && <CallShortcutsForm settings={settings} platform={platform} onClose={onClose} />}
    </Modal>
  );
}

type Notice = { readonly kind: 'saved'; readonly status: CallShortcutsResult } | { readonly kind: 'problems' } | { readonly kind: 'failed'; readonly message: string };

const STATUS_COLOR: Readonly<Record<ShortcutStatus, string>> = { registered: 'green', off: 'dimmed', unavailable: 'red' };

function CallShortcutsForm({ settings, platform, onClose }: { readonly settings: CallShortcutSettings; readonly platform: KeyboardPlatform; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const available = settings.available;
  const [saved, setSaved] = useState<CallShortcuts>(() => settings.shortcuts());
  const [draft, setDraft] = useState<CallShortcuts>(saved);
  const [status, setStatus] = useState<CallShortcutsResult | null>(() => settings.appliedStatus());
  /** Actions whose last key press was one no shortcut can use. */
  const [badKeys, setBadKeys] = useState<ReadonlySet<CallShortcutAction>>(new Set());
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const inputs = useRef<Partial<Record<CallShortcutAction, HTMLInputElement | null>>>({});

  const problems: Partial<Record<CallShortcutAction, AcceleratorError>> = callShortcutProblems(draft);
  for (const action of badKeys) problems[action] ??= 'invalid';

  const edit = (action: CallShortcutAction, value: string | null) => {
    setDraft((current) => ({ ...current, [action]: value }));
    setBadKeys((current) => new Set([...current].filter((other) => other !== action)));
    setNotice(null);
  };

  const same = (a: string | null, b: string | null): boolean => {
    if (a === null || b === null) return a === b;
    const left = parseAccelerator(a);
    const right = parseAccelerator(b);
    return left.ok && right.ok ? left.accelerator === right.accelerator : a === b;
  };

  const save = async () => {
    setNotice(null);
    const firstProblem = CALL_SHORTCUT_ACTIONS.find((action) => problems[action] !== undefined);
    if (firstProblem !== undefined) {
      setNotice({ kind: 'problems' });
      inputs.current[firstProblem]?.focus();
      return;
    }
    setSaving(true);
    try {
      const outcome = await settings.setShortcuts(draft);
      if (!outcome.ok) {
        setNotice({ kind: 'problems' });
        return;
      }
      const now = settings.shortcuts();
      setSaved(now);
      setDraft(now);
      setStatus(outcome.status);
      setNotice({ kind: 'saved', status: outcome.status });
    } catch (error) {
      // main refused or failed: nothing is lost, the draft stays for another try.
      setNotice({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  const actionLabel = (action: CallShortcutAction): string => (action === 'answer' ? t('desktop.shortcuts.answer') : t('desktop.shortcuts.hangup'));

  const statusLine = (action: CallShortcutAction) => {
    if (!available) return undefined;
    if (!same(draft[action], saved[action])) {
      return (
        <span data-testid={`shortcut-status-${action}`} data-status="unsaved">
          {t('desktop.shortcuts.unsaved')}
        </span>
      );
    }
    const current = status?.[action];
    if (current === undefined) return undefined;
    return (
      <Text component="span" size="xs" c={STATUS_COLOR[current]} data-testid={`shortcut-status-${action}`} data-status={current}>
        {t(`desktop.shortcuts.status.${current}`)}
        {current === 'unavailable' && ` · ${t('desktop.shortcuts.unavailableHint')}`}
      </Text>
    );
  };

  const words = { space: t('desktop.shortcuts.space') };
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        {available ? (
          <Text size="sm">
            {t('desktop.shortcuts.explanation')} {t('desktop.shortcuts.hint')}
          </Text>
        ) : (
          <Alert color="gray" data-testid="shortcuts-web-mode">
            {t('desktop.shortcuts.webOnly', {
              answer: formatAccelerator(toAccelerator(SOFTPHONE_SHORTCUTS.answer), platform, words),
              hangup: formatAccelerator(toAccelerator(SOFTPHONE_SHORTCUTS.hangup), platform, words),
            })}
          </Alert>
        )}
        {CALL_SHORTCUT_ACTIONS.map((action) => {
          const problem = problems[action];
          return (
            <ShortcutRecorder
              key={action}
              label={actionLabel(action)}
              value={draft[action]}
              platform={platform}
              disabled={!available || saving}
              testId={`shortcut-${action}`}
              inputRef={(element) => {
                inputs.current[action] = element;
              }}
              error={problem === undefined ? undefined : t(`desktop.shortcutError.${problem}`)}
              description={statusLine(action)}
              onChange={(value) => {
                edit(action, value);
              }}
              onUnsupportedKey={() => {
                setBadKeys((current) => new Set([...current, action]));
              }}
            />
          );
        })}
        {available && (
          <Text size="xs" c="dimmed">
            {t('desktop.shortcuts.defaultsNote')}
          </Text>
        )}
        <div role="status" aria-live="polite" data-testid="shortcuts-notice">
          {notice?.kind === 'saved' && (
            <Text size="sm">
              {t('desktop.shortcuts.saved')}{' '}
              {CALL_SHORTCUT_ACTIONS.map((action) => t('desktop.shortcuts.savedStatus', { action: actionLabel(action), status: t(`desktop.shortcuts.status.${notice.status[action]}`) })).join(' ')}
            </Text>
          )}
          {notice?.kind === 'problems' && (
            <Text size="sm" c="red">
              {t('desktop.shortcuts.fixProblems')}
            </Text>
          )}
        </div>
        {notice?.kind === 'failed' && (
          <Alert color="red" role="alert">
            {t('desktop.shortcuts.saveFailed', { message: notice.message })}
          </Alert>
        )}
        <Group justify="space-between">
          <Button
            variant="subtle"
            disabled={!available || saving}
            onClick={() => {
              setDraft(NO_CALL_SHORTCUTS);
              setBadKeys(new Set());
              setNotice(null);
            }}
          >
            {t('desktop.shortcuts.reset')}
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button type="submit" disabled={!available} loading={saving}>
              {t('desktop.shortcuts.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** The softphone's in-window keys (Mantine's `alt+shift+A`) as an accelerator, to show them like the others. */
function toAccelerator(hotkey: string): string {
  return hotkey
    .split('+')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('+');
}
