/**
 * Electron transport: binds the same handlers to IPC. One channel for calls, one for events; every
 * call is checked to come from our own window's main frame before its payload is validated.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { StudioEvents } from '../events';
import type { Handlers } from '../handler-types';
import { dispatch } from './dispatch';

export const CALL_CHANNEL = 'studio:call';
export const EVENT_CHANNEL = 'studio:event';

function trusted(event: IpcMainInvokeEvent): boolean {
  const win = BrowserWindow.fromWebContents(event.sender);
  return Boolean(win) && event.senderFrame === event.sender.mainFrame;
}

export function bindIpc(handlers: Handlers, events: StudioEvents): () => void {
  ipcMain.handle(CALL_CHANNEL, (event, name: unknown, payload: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: 'call refused: not from the studio window' } };
    if (typeof name !== 'string') return { ok: false, error: { code: 'bad_input', message: 'call name must be a string' } };
    return dispatch(handlers, name, payload);
  });
  const unsubscribe = events.onEvery((e) => {
    for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, e.name, e.payload);
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
}
