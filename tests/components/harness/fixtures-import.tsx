/**
 * The import dialog as in the desktop window (files picked natively): one CSV file, a preview, and a start that the
 * test finishes by emitting `job.finished`. `preview: 'bad'` makes the preview refuse with a located error.
 */
import { useEffect } from 'react';
import { ImportDialog } from '../../../renderer/src/pages/ImportDialog';
import { jobsStore } from '../../../renderer/src/jobs';
import { answer, FakeError } from './fake-api';

const running: {
  jobId: string;
  kind: string;
  label: string;
  done: number;
  total: number | null;
  rate: number;
  etaSeconds: null;
  phase: string;
}[] = [];

function Mounted() {
  useEffect(() => jobsStore.start(() => {}), []);
  return <ImportDialog onClose={() => {}} />;
}

export const FIXTURE_IMPORT = {
  'import-dialog': (p: Record<string, unknown>) => {
    answer('files.pick', () => [{ id: 'f1', name: 'ratings.csv', size: 1200 }]);
    answer('import.preview', () => {
      if (p.preview === 'bad')
        throw new FakeError('bad_input', 'rating is not a number', { file: 'ratings.csv', line: 3, field: 'rating' });
      return {
        format: 'csv',
        columns: ['user', 'item', 'rating'],
        sample: [{ user: 'u1', item: 'i1', rating: '4' }],
        suggestedMap: { user: 'user', item: 'item', rating: 'rating' },
        ratings: null,
        notes: [],
      };
    });
    answer('import.start', () => {
      running.push({ jobId: 'job-1', kind: 'import', label: 'Import', done: 0, total: null, rate: 0, etaSeconds: null, phase: 'reading' });
      return { jobId: 'job-1' };
    });
    answer('jobs.list', () => running);
    answer('jobs.cancel', () => ({}));
    return <Mounted />;
  },
};
