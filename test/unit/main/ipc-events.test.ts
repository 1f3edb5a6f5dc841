import { describe, expect, it, vi } from 'vitest';
import { createEventSender, type EventTarget } from '../../../src/main/ipc/events';

function fakeWindow(destroyed = false, contentsDestroyed = false) {
  const send = vi.fn();
  const window: EventTarget = { isDestroyed: () => destroyed, webContents: { send, isDestroyed: () => contentsDestroyed } };
  return { window, send };
}

describe('createEventSender', () => {
  it("sends the event with its payload to the current window's WebContents", () => {
    const { window, send } = fakeWindow();
    const sendEvent = createEventSender(() => window);
    expect(sendEvent('voice:dial', { number: '+5511987654321' })).toBe(true);
    expect(sendEvent('voice:shortcut', { action: 'hangup' })).toBe(true);
    expect(send.mock.calls).toEqual([
      ['voice:dial', { number: '+5511987654321' }],
      ['voice:shortcut', { action: 'hangup' }],
    ]);
  });

  it('follows the window that is current at each send', () => {
    const first = fakeWindow();
    const second = fakeWindow();
    let current: EventTarget | null = first.window;
    const sendEvent = createEventSender(() => current);
    sendEvent('voice:answerRequested', { callId: 'a' });
    current = second.window;
    sendEvent('voice:answerRequested', { callId: 'b' });
    expect(first.send.mock.calls).toEqual([['voice:answerRequested', { callId: 'a' }]]);
    expect(second.send.mock.calls).toEqual([['voice:answerRequested', { callId: 'b' }]]);
  });

  it.each([
    ['no window', null],
    ['a destroyed window', fakeWindow(true).window],
    ['destroyed web contents', fakeWindow(false, true).window],
  ])('returns false and sends nothing with %s', (_name, window) => {
    const sendEvent = createEventSender(() => window);
    expect(sendEvent('voice:dial', { number: '+5511987654321' })).toBe(false);
  });
});
