/**
 * The new-run form with the defaults, on a dataset with ratings and sequences but no review text (so explanation and
 * review cannot be fed), no templates, no identifier sets and no earlier runs.
 */
import { useRef, useState } from 'react';
import { defaultForm, type RunForm as RunFormState } from '../../../renderer/src/pages/runs/configForm';
import { RunForm } from '../../../renderer/src/pages/runs/RunForm';
import { answer } from './fake-api';

function Mounted() {
  const [form, setForm] = useState<RunFormState>(defaultForm);
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <RunForm
      datasetId={1}
      form={form}
      setForm={setForm}
      runs={[]}
      note={null}
      onReset={() => setForm(defaultForm())}
      onStarted={() => {}}
      formRef={formRef}
    />
  );
}

export const FIXTURE_RUN_FORM = {
  'run-form': () => {
    const fed = ['rating', 'sequential', 'direct'];
    answer('examples.counts', () => ({
      datasetId: 1,
      seed: 1,
      counts: [],
      data: fed.flatMap((family) => [
        { family, split: 'train', count: 100 },
        { family, split: 'valid', count: 10 },
      ]),
      notes: [],
    }));
    answer('templates.list', () => []);
    answer('itemids.list', () => []);
    answer('runs.start', () => ({ runId: 1, jobId: 'train-1' }));
    return <Mounted />;
  },
};
