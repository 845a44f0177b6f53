/**
 * Electron entry: one window with the security defaults on, the workspace opened in this process,
 * and heavy work (imports now, training later) in worker threads so this thread stays free.
 */
import { app, BrowserWindow, dialog, Menu, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHandlers } from './handlers';
import { chooseDataDir } from './paths';
import { Studio } from './studio';
import { bindIpc } from './transport/ipc';

let studio: Studio | null = null;
const here = dirname(fileURLToPath(import.meta.url));

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'RecSys Studio',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // No navigation away from the studio and no new windows; links open in the user's browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

async function pickFiles(): Promise<string[]> {
  const win = BrowserWindow.getFocusedWindow();
  const options: Electron.OpenDialogOptions = {
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    title: 'Import dataset files',
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

app
  .whenReady()
  .then(async () => {
    Menu.setApplicationMenu(null);
    if (process.env.STUDIO_USER_DATA) app.setPath('userData', process.env.STUDIO_USER_DATA);
    const dataDir = chooseDataDir(undefined, { ...process.env, STUDIO_DATA_DIR: process.env.STUDIO_DATA_DIR ?? app.getPath('userData') });
    studio = await Studio.open({ dataDir, mode: 'electron', interactive: true });
    bindIpc(buildHandlers(studio, pickFiles), studio.events);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  })
  .catch((err: unknown) => {
    dialog.showErrorBox('RecSys Studio could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });

app.on('window-all-closed', () => {
  void (studio?.close() ?? Promise.resolve()).finally(() => app.quit());
});
