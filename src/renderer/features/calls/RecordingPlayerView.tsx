/**
 * A call's recording: a "Play recording" link that loads it from the server (recording-fetch.ts) and
 * plays it in an <audio controls> element, with loading and error states (Try again). Recordings live
 * on the telephony provider, not in the local replica: offline the link says it needs a connection.
 *
 * Test hooks: `[data-testid="call-recording"]` with `data-state="idle|offline|loading|ready|error"`
 * (and `data-problem` on errors).
 */
import { Button, Group, Loader, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FetchLike } from '../../data/api';
import { loadRecording, RecordingLoadError, type RecordingProblem } from './recording-fetch';

export interface RecordingPlayerViewProps {
  readonly callId: string;
  readonly serverUrl: string;
  readonly token: string;
  readonly offline: boolean;
  readonly fetchFn: FetchLike;
  /** One line (a fixed-height list row): nothing wraps, a long message is cut with its full text as a tooltip. */
  readonly compact?: boolean;
}

type PlayerState = { readonly kind: 'idle' } | { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly url: string } | { readonly kind: 'error'; readonly problem: RecordingProblem };

export function RecordingPlayerView({ callId, serverUrl, token, offline, fetchFn, compact = false }: RecordingPlayerViewProps) {
  const { t } = useTranslation();
  const noteId = useId();
  const [state, setState] = useState<PlayerState>({ kind: 'idle' });
  const loading = useRef<AbortController | null>(null);

  // Leaving the page stops a download and frees the audio it holds.
  useEffect(
    () => () => {
      loading.current?.abort();
    },
    [],
  );
  const readyUrl = state.kind === 'ready' ? state.url : null;
  useEffect(
    () => () => {
      if (readyUrl !== null) URL.revokeObjectURL(readyUrl);
    },
    [readyUrl],
  );

  const load = () => {
    loading.current?.abort();
    const controller = new AbortController();
    loading.current = controller;
    setState({ kind: 'loading' });
    loadRecording(fetchFn, serverUrl, token, callId, controller.signal).then(
      (blob) => {
        if (!controller.signal.aborted) setState({ kind: 'ready', url: URL.createObjectURL(blob) });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ kind: 'error', problem: error instanceof RecordingLoadError ? error.problem : 'failed' });
      },
    );
  };

  if (state.kind === 'ready') {
    return (
      <div data-testid="call-recording" data-state="ready">
        <audio controls autoPlay src={state.url} aria-label={t('calls.recording.player')} style={{ height: 32, maxWidth: '100%' }} />
      </div>
    );
  }

  const unreachable = offline && state.kind !== 'loading';
  const problem = state.kind === 'error' ? state.problem : null;
  const note = unreachable ? t('calls.recording.needsConnection') : problem === null ? null : t(`calls.recording.problem.${problem}`);
  return (
    <Group gap={6} wrap={compact ? 'nowrap' : 'wrap'} style={compact ? { minWidth: 0 } : undefined} data-testid="call-recording" data-state={unreachable ? 'offline' : state.kind} data-problem={problem ?? undefined}>
      {state.kind === 'loading' ? (
        <Group gap={6} role="status">
          <Loader size={14} aria-hidden />
          <Text size="sm">{t('calls.recording.loading')}</Text>
        </Group>
      ) : (
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlayerPlay aria-hidden size={14} />}
          disabled={unreachable}
          aria-describedby={note === null ? undefined : noteId}
          onClick={load}
        >
          {problem === null ? t('calls.recording.play') : t('common.retry')}
        </Button>
      )}
      {note !== null && (
        <Text
          id={noteId}
          size="sm"
          c={unreachable ? 'dimmed' : 'red'}
          role={unreachable ? undefined : 'alert'}
          className={compact ? 'queue-cell' : undefined}
          title={compact ? note : undefined}
        >
          {note}
        </Text>
      )}
    </Group>
  );
}
