/**
 * The files of an import: uploaded with a progress bar each in serve mode (refused before sending when past the upload
 * limit), picked natively in Electron. A browser file is kept so it can be sent again after a failed import.
 */
import { useState } from 'react';
import type { StagedFile } from '../../../../preload/api';
import { call, uploadFile } from '../../client';
import { useWorkspace } from '../../data';
import { fmtBytes } from '../../format';

export interface Upload {
  key: string;
  name: string;
  size: number;
  loaded: number;
  state: 'uploading' | 'done' | 'error';
  error?: string;
  staged?: StagedFile;
  /** The browser's file, kept so it can be sent again: the back end consumes a staged file when an import runs. */
  file?: File;
}

export function useImportFiles(onPickError: (err: unknown) => void) {
  const { info } = useWorkspace();
  const [uploads, setUploads] = useState<Upload[]>([]);

  const send = (u: Upload) => {
    const file = u.file;
    if (!file) return;
    const patch = (p: Partial<Upload>) => setUploads((list) => list.map((x) => (x.key === u.key ? { ...x, ...p } : x)));
    uploadFile(file, (loaded) => patch({ loaded })).then(
      (s) => patch({ state: 'done', loaded: file.size, staged: s, error: undefined }),
      (err: unknown) => patch({ state: 'error', error: err instanceof Error ? err.message : String(err) }),
    );
  };

  const addBrowserFiles = (files: File[]) => {
    if (files.length === 0) return;
    const limit = info?.uploadLimitBytes ?? 0;
    const added: Upload[] = files.map((f, k) => ({
      key: `${Date.now()}-${k}-${f.name}`,
      name: f.name,
      size: f.size,
      loaded: 0,
      state: 'uploading',
      file: f,
    }));
    // A file past the upload limit is refused here, before its bytes travel.
    const tooBig = (u: Upload) => limit > 0 && u.size > limit;
    const refusal = `larger than the upload limit of ${fmtBytes(limit)} (studio serve --upload-limit)`;
    setUploads((u) => [...u, ...added.map((a) => (tooBig(a) ? { ...a, state: 'error' as const, error: refusal } : a))]);
    added.filter((a) => !tooBig(a)).forEach(send);
  };

  const pickNative = async () => {
    try {
      const picked = await call('files.pick', {});
      setUploads((u) => [
        ...u,
        ...picked.map((s) => ({ key: s.id, name: s.name, size: s.size, loaded: s.size, state: 'done' as const, staged: s })),
      ]);
    } catch (err) {
      onPickError(err);
    }
  };

  /** Sends the browser files again (the back end let go of them); returns how many could not be (picked natively). */
  const resend = (): number => {
    const again = uploads.filter((u) => u.file).map((u) => ({ ...u, state: 'uploading' as const, loaded: 0, staged: undefined }));
    setUploads(again);
    again.forEach(send);
    return uploads.length - again.length;
  };

  const remove = (key: string) => setUploads((list) => list.filter((x) => x.key !== key));
  const staged = uploads.filter((u) => u.state === 'done' && u.staged).map((u) => u.staged as StagedFile);
  const uploading = uploads.some((u) => u.state === 'uploading');
  return { uploads, staged, uploading, addBrowserFiles, pickNative, resend, remove };
}
