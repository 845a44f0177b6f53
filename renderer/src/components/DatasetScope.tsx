/** Pages inside one dataset: wait for the list, say clearly when the dataset does not exist. */
import type { ReactNode } from 'react';
import type { DatasetSummary } from '../../../preload/api';
import { useDataset } from '../data';
import { EmptyState, Spinner } from './bits';

export function DatasetScope({ datasetId, children }: { datasetId: number; children: (d: DatasetSummary) => ReactNode }) {
  const dataset = useDataset(datasetId);
  if (dataset === undefined) return <Spinner />;
  if (dataset === null) {
    return (
      <div className="page">
        <EmptyState title={`Dataset ${datasetId} not found`} testid="dataset-not-found">
          <p>
            It may have been deleted. <a href="#/datasets">Back to Datasets</a>
          </p>
        </EmptyState>
      </div>
    );
  }
  return <>{children(dataset)}</>;
}
