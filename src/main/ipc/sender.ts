/**
 * Who may call main over IPC. SECURITY-SENSITIVE: do not relax without review.
 *
 * A call is accepted only when all hold:
 * 1. Electron gives a sender frame (it is null when the frame navigated away or was destroyed);
 * 2. that frame is attached and is the top-level frame (no parent) of its WebContents, the very
 *    main frame of it (a prerendered or unloading page is not);
 * 3. the frame's URL has our origin, app://atende;
 * 4. the WebContents belongs to one of our own windows.
 */
import { APP_ORIGIN, originOf } from '../security/origin';

export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
  readonly detached: boolean;
  readonly frameTreeNodeId: number;
}

export interface SenderWebContents {
  readonly id: number;
  readonly mainFrame: { readonly frameTreeNodeId: number };
}

/** The fields of Electron's IpcMainInvokeEvent that sender validation reads. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
  readonly sender: SenderWebContents;
}

export interface SenderPolicy {
  /** True for the WebContents of our own windows. */
  isTrustedWebContents(contents: SenderWebContents): boolean;
}

/** Why a sender is refused, or null when it is accepted. */
export function senderRejection(event: InvokeEvent, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (frame === null) return 'no sender frame';
  if (frame.detached) return 'sender frame is detached';
  if (frame.parent !== null || frame.frameTreeNodeId !== event.sender.mainFrame.frameTreeNodeId) {
    return 'sender is not the main frame';
  }
  const origin = originOf(frame.url);
  if (origin !== APP_ORIGIN) return `sender origin ${origin ?? 'unknown'} is not ${APP_ORIGIN}`;
  if (!policy.isTrustedWebContents(event.sender)) return 'sender is not an Atende window';
  return null;
}
