/** Skipped rows: every row an import left out (with "skip invalid rows"), where it was and why. */
import { useCallback, useState } from 'react';
import type { DatasetSummary, SkippedRow } from '../../../preload/api';
import { call } from '../client';
import { DatasetScope } from '../components/DatasetScope';
import { VirtualTable, type Column, type PageQuery } from '../components/VirtualTable';
import { useReportError } from '../errors';
import { fmtInt } from '../format';
import { PageHeader } from '../components/PageHeader';

export function SkippedPage({ datasetId }: { datasetId: number }) {
  return <DatasetScope datasetId={datasetId}>{(d) => <Skipped key={d.id} dataset={d} />}</DatasetScope>;
}

const columns: Column<SkippedRow>[] = [
  { key: 'file', label: 'File', width: 'minmax(160px, 1.5fr)', render: (r) => <code>{r.file}</code>, cellTitle: (r) => r.file },
  { key: 'line', label: 'Line', width: '90px', align: 'right', render: (r) => fmtInt(r.line) },
  {
    key: 'field',
    label: 'Field',
    width: 'minmax(100px, 1fr)',
    render: (r) => (r.field ? <code>{r.field}</code> : <span className="muted">—</span>),
  },
  { key: 'reason', label: 'Reason', width: 'minmax(260px, 4fr)', render: (r) => r.reason, cellTitle: (r) => r.reason },
];

function Skipped({ dataset }: { dataset: DatasetSummary }) {
  const report = useReportError();
  const [total, setTotal] = useState<number | null>(null);
  const fetchPage = useCallback((q: PageQuery) => call('datasets.skipped', { id: dataset.id, ...q }), [dataset.id]);
  const onError = useCallback((err: unknown) => report(err, 'Loading skipped rows'), [report]);
  return (
    <div className="page page-fill" data-testid="skipped-page">
      <PageHeader
        title="Skipped rows"
        sub={
          <>
            {dataset.name}: {total === null ? fmtInt(dataset.skipped) : fmtInt(total)} rows were left out of the import because they were
            invalid. Fix them in the source file and import again to include them.
          </>
        }
      />
      <VirtualTable
        testid="skipped-table"
        label="Skipped rows"
        columns={columns}
        queryKey={`s:${dataset.id}:${dataset.skipped}`}
        fetchPage={fetchPage}
        rowKey={(r) => `${r.file}:${r.line}`}
        onTotal={setTotal}
        onError={onError}
        emptyText="No rows were skipped."
        minWidth={640}
      />
    </div>
  );
}
