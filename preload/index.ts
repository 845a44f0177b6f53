/**
 * Exposes the contract — and nothing else — as window.studio. Sandboxed preload: no Node, bundled whole.
 * The renderer can only make the calls listed in api.ts and listen to the events listed there.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName, type StudioApi } from './api';

const CALL_CHANNEL = 'studio:call';
const EVENT_CHANNEL = 'studio:event';
const callNames = new Set<string>(CALL_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

const api: StudioApi = {
  call: (name: CallName, args: unknown) => {
    if (!callNames.has(name))
      return Promise.resolve({ ok: false, error: { code: 'bad_input', message: `unknown call "${String(name)}"` } });
    return ipcRenderer.invoke(CALL_CHANNEL, name, args);
  },
  on: (name: EventName, listener: (payload: never) => void) => {
    if (!eventNames.has(name)) throw new Error(`unknown event "${String(name)}"`);
    const wrapped = (_e: IpcRendererEvent, event: string, payload: unknown): void => {
      if (event === name) listener(payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.off(EVENT_CHANNEL, wrapped);
    };
  },
} as StudioApi;

contextBridge.exposeInMainWorld('studio', api);
