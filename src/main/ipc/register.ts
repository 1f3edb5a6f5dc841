/**
 * The one place main listens to the renderer. SECURITY-SENSITIVE: do not change without review.
 *
 * For every channel of the shared contract (and only those: the handler map is typed by the contract
 * and registration walks IPC_CHANNELS) it registers `ipcMain.handle`, and each call is checked
 * before the handler runs: the sender (see ./sender.ts), then the payload with IPC_VALIDATORS.
 * A refused call rejects in the renderer with a clear message; the handler never sees it.
 */
import { IPC_CHANNELS, IPC_VALIDATORS, type IpcChannel, type IpcRequest, type IpcResponse } from '../../shared/ipc/contract';
import type { Logger } from '../logger';
import { senderRejection, type InvokeEvent, type SenderPolicy } from './sender';

export type IpcHandler<C extends IpcChannel> = (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;

/** One handler per channel of the contract; a missing or extra channel does not compile. */
export type IpcHandlers = { readonly [C in IpcChannel]: IpcHandler<C> };

/** The part of Electron's ipcMain used here (the real ipcMain fits it). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
}

export interface IpcRegistrationOptions extends SenderPolicy {
  readonly logger: Logger;
}

export class IpcRefusedError extends Error {
  override readonly name = 'IpcRefusedError';
}

function registerChannel<C extends IpcChannel>(
  ipcMain: IpcMainLike,
  channel: C,
  handler: IpcHandler<C>,
  options: IpcRegistrationOptions,
): void {
  const isValidPayload = IPC_VALIDATORS[channel] as (payload: unknown) => payload is IpcRequest<C>;
  ipcMain.handle(channel, async (event, ...args) => {
    const rejection = senderRejection(event, options);
    if (rejection !== null) {
      options.logger.warn(`IPC ${channel} refused: ${rejection}`);
      throw new IpcRefusedError(`IPC ${channel} refused: ${rejection}`);
    }
    const payload = args[0];
    if (args.length > 1 || !isValidPayload(payload)) {
      options.logger.warn(`IPC ${channel} refused: invalid payload`);
      throw new IpcRefusedError(`IPC ${channel} refused: invalid payload`);
    }
    try {
      return await handler(payload);
    } catch (error) {
      // Electron sends the renderer only the message; details (paths, stack) stay in main's log.
      options.logger.error(`IPC ${channel} failed`, error);
      throw new Error(`IPC ${channel} failed`, { cause: error });
    }
  });
}

export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: IpcHandlers, options: IpcRegistrationOptions): void {
  for (const channel of IPC_CHANNELS) {
    registerChannel(ipcMain, channel, handlers[channel] as IpcHandler<typeof channel>, options);
  }
}
