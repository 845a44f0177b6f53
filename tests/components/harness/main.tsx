/**
 * The component harness page: `?fixture=NAME&params=JSON` mounts that one fixture (a component with fixture props and
 * the fake back end's answers) inside the app's error provider and banner, with the app's own styles.
 */
import './fake-api';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBanner, ErrorsProvider } from '../../../renderer/src/errors';
import '../../../renderer/src/styles.css';
import { FIXTURES } from './fixtures';

const url = new URL(window.location.href);
const name = url.searchParams.get('fixture') ?? '';
const params = JSON.parse(url.searchParams.get('params') ?? '{}') as Record<string, unknown>;
const fixture = FIXTURES[name];
const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
if (!fixture) throw new Error(`no fixture ${name}; known: ${Object.keys(FIXTURES).join(', ')}`);
createRoot(root).render(
  <StrictMode>
    <ErrorsProvider>
      <ErrorBanner />
      {fixture(params)}
    </ErrorsProvider>
  </StrictMode>,
);
