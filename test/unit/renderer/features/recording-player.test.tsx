// @vitest-environment happy-dom
/**
 * The call recording player: Play → loading → an <audio controls> element on a blob: URL, fetched with
 * the user's bearer token from the server's recording route; the errors the server can answer, Try
 * again, and the offline state. The server's side is test/integration/call-recording.test.ts.
 */
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../../../../src/renderer/data/api';
import { RecordingPlayerView } from '../../../../src/renderer/features/calls/RecordingPlayerView';
import { baseI18nOptions } from '../../../../src/renderer/i18n/config';

afterEach(cleanup);

const SERVER = 'https://atende.example.com';
const CALL_ID = 'call_tw_CA0001';
const AUDIO = new Uint8Array([73, 68, 51, 4, 0, 0, 0, 0]);

const audioResponse = () => new Response(AUDIO, { status: 200, headers: { 'content-type': 'audio/mpeg' } });
const errorResponse = (status: number, code: string) =>
  new Response(JSON.stringify({ error: { code, message: 'from the server' } }), { status, headers: { 'content-type': 'application/json' } });

async function setup(fetchFn: FetchLike, options: { offline?: boolean; lng?: string; compact?: boolean } = {}) {
  const i18n = i18next.createInstance();
  await i18n.init({ ...baseI18nOptions, lng: options.lng ?? 'en' });
  const view = render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <RecordingPlayerView callId={CALL_ID} serverUrl={SERVER} token="the-bearer-token" offline={options.offline ?? false} fetchFn={fetchFn} compact={options.compact ?? false} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return { ...view, player: () => screen.getByTestId('call-recording') };
}

describe('RecordingPlayerView', () => {
  it('loads the recording with the bearer token and plays it from a blob: URL', async () => {
    let answer: (response: Response) => void = () => undefined;
    const fetchFn = vi.fn<FetchLike>(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    const { player, unmount } = await setup(fetchFn);
    expect(player().dataset.state).toBe('idle');
    fireEvent.click(screen.getByRole('button', { name: 'Play recording' }));
    expect(player().dataset.state).toBe('loading');
    expect(screen.getByRole('status').textContent).toBe('Loading the recording…');
    const [url, init] = fetchFn.mock.calls[0] ?? [];
    expect(url).toBe(`${SERVER}/api/v1/calls/${CALL_ID}/recording`);
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer the-bearer-token');
    answer(audioResponse());
    const audio = await screen.findByLabelText('Call recording');
    expect(audio.tagName).toBe('AUDIO');
    expect(audio.hasAttribute('controls')).toBe(true);
    expect(audio.getAttribute('src')).toMatch(/^blob:/);
    expect(player().dataset.state).toBe('ready');
    // Leaving frees the audio held in memory.
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const src = audio.getAttribute('src');
    unmount();
    expect(revoke).toHaveBeenCalledWith(src);
  });

  it.each([
    [502, 'recording_unavailable', 'unavailable', 'The telephony service did not deliver the recording. Try again later.'],
    [404, 'not_found', 'not_found', 'The server has no recording of this call.'],
    [503, 'voice_unavailable', 'voice_unavailable', 'Recordings cannot be played: telephony is not set up on the server.'],
    [401, 'unauthorized', 'unauthorized', 'Your session has expired. Sign in again to play the recording.'],
    [500, 'internal', 'failed', 'The recording could not be loaded.'],
  ])('says what went wrong on %i %s, and tries again on request', async (status, code, problem, message) => {
    const fetchFn = vi.fn<FetchLike>().mockResolvedValueOnce(errorResponse(status, code)).mockResolvedValueOnce(audioResponse());
    const { player } = await setup(fetchFn);
    fireEvent.click(screen.getByRole('button', { name: 'Play recording' }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(player().dataset.state).toBe('error');
    expect(player().dataset.problem).toBe(problem);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByLabelText('Call recording')).tagName).toBe('AUDIO');
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('says the recording needs a connection when the request cannot reach the server', async () => {
    const fetchFn = vi.fn<FetchLike>().mockRejectedValue(new TypeError('Failed to fetch'));
    const { player } = await setup(fetchFn);
    fireEvent.click(screen.getByRole('button', { name: 'Play recording' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The recording needs a connection.');
    expect(player().dataset.problem).toBe('offline');
  });

  it('offline, the link is disabled and says it needs a connection (pt-BR)', async () => {
    const fetchFn = vi.fn<FetchLike>();
    const { player } = await setup(fetchFn, { offline: true, lng: 'pt-BR' });
    const link = screen.getByRole<HTMLButtonElement>('button', { name: 'Ouvir gravação' });
    expect(link.disabled).toBe(true);
    expect(player().dataset.state).toBe('offline');
    const noteId = link.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(noteId)?.textContent).toBe('A gravação precisa de conexão.');
    fireEvent.click(link);
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('in a one-line list row, keeps a long message on the line with its full text as a tooltip', async () => {
    const fetchFn = vi.fn<FetchLike>().mockResolvedValue(errorResponse(502, 'recording_unavailable'));
    await setup(fetchFn, { compact: true });
    fireEvent.click(screen.getByRole('button', { name: 'Play recording' }));
    const message = await screen.findByRole('alert');
    expect(message.getAttribute('title')).toBe('The telephony service did not deliver the recording. Try again later.');
    expect(message.className).toContain('queue-cell');
  });
});
