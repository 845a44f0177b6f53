/**
 * The typed client the pages use. In Electron it is `window.studio` from the preload; in serve mode
 * it speaks HTTP (calls) and a WebSocket (events) to `studio serve`. Same interface either way.
 */
import type { CallArgs, CallName, CallOutcome, CallResult, EventName, EventPayload, StagedFile, StudioApi } from '../../preload/api';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

/** Thrown by `call` so pages can `try/catch` and show `error.message`; `where` names file/line/field for bad input. */
export class CallFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly where?: { file?: string; line?: number; field?: string },
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'studio-token';
const NOT_AUTHORISED = 'not authorised: open the URL `studio serve` printed (it carries the token)';

/** Serve mode puts the token in the URL once (`?token=`); keep it for the session and take it out of the address bar. */
function serveToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

type Listener = (payload: unknown) => void;

/** Bytes sent so far of one upload, for a per-file progress bar. */
export type UploadProgress = (loaded: number, total: number) => void;

function httpApi(): StudioApi & { upload(file: File, onProgress?: UploadProgress): Promise<StagedFile> } {
  const token = serveToken();
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;

  const connect = (): void => {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    // The token goes in a subprotocol (and the page's cookie), never in the URL, which servers and proxies log.
    const protocols = ['studio', ...(/^[\w-]+$/.test(token) ? [`studio.token.${token}`] : [])];
    socket = new WebSocket(`${proto}//${window.location.host}/api/events`, protocols);
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
      listeners.get(event)?.forEach((l) => l(payload));
    };
    socket.onclose = () => {
      socket = null;
      if ([...listeners.values()].some((s) => s.size > 0)) setTimeout(connect, 1000);
    };
  };

  return {
    async call(name, args) {
      const res = await fetch(`/api/call/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-studio-token': token },
        body: JSON.stringify(args ?? {}),
      });
      if (res.status === 401) return { ok: false, error: { code: 'unauthorized', message: NOT_AUTHORISED } };
      try {
        return (await res.json()) as CallOutcome<never>;
      } catch {
        return { ok: false, error: { code: 'internal', message: `${name}: the studio answered HTTP ${res.status} without a result` } };
      }
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      if (!socket) connect();
      return () => set.delete(listener as Listener);
    },
    async upload(file, onProgress) {
      if (onProgress) return uploadWithProgress(file, token, onProgress);
      const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'x-studio-token': token, 'content-type': 'application/octet-stream' },
        body: file,
      });
      const outcome = (await res.json()) as CallOutcome<StagedFile>;
      if (!outcome.ok) throw new CallFailed(outcome.error.code, outcome.error.message);
      return outcome.value;
    },
  };
}

/** fetch() cannot report upload progress; XMLHttpRequest can. Same endpoint, same result shape. */
function uploadWithProgress(file: File, token: string, onProgress: UploadProgress): Promise<StagedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('x-studio-token', token);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new CallFailed('internal', `upload of ${file.name} failed: the studio did not answer`));
    xhr.onload = () => {
      if (xhr.status === 401) {
        reject(new CallFailed('unauthorized', NOT_AUTHORISED));
        return;
      }
      let outcome: CallOutcome<StagedFile>;
      try {
        outcome = JSON.parse(xhr.responseText) as CallOutcome<StagedFile>;
      } catch {
        reject(new CallFailed('internal', `upload of ${file.name} failed (HTTP ${xhr.status})`));
        return;
      }
      if (!outcome.ok) reject(new CallFailed(outcome.error.code, outcome.error.message, outcome.error.where));
      else {
        onProgress(file.size, file.size);
        resolve(outcome.value);
      }
    };
    xhr.send(file);
  });
}

const api = window.studio ?? httpApi();

export const isElectron = Boolean(window.studio);

/** Calls the back end; resolves with the result or throws CallFailed with the typed error. */
export async function call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  const outcome = await api.call(name, args);
  if (!outcome.ok) throw new CallFailed(outcome.error.code, outcome.error.message, outcome.error.where);
  return outcome.value;
}

export function on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
  return api.on(name, listener);
}

/** Serve mode: sends a chosen file's bytes to the back end, which stages it and returns its id. In Electron use `files.pick`. */
export async function uploadFile(file: File, onProgress?: UploadProgress): Promise<StagedFile> {
  if (!('upload' in api)) throw new CallFailed('bad_input', 'uploads are for serve mode; use files.pick in the desktop window');
  return (api as ReturnType<typeof httpApi>).upload(file, onProgress);
}
