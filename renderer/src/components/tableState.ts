/** Sort and filter of a table, remembered per dataset and tab for this window session. */
import { useCallback, useEffect, useState } from 'react';
import { useDebounced } from '../hooks';
import type { SortDir } from './VirtualTable';

interface TableState {
  sort: string;
  dir: SortDir;
  filter: string;
}

const memory = new Map<string, TableState>();

export function useTableState(key: string, defaults: { sort: string; dir: SortDir }) {
  const [state, setState] = useState<TableState>(() => memory.get(key) ?? { ...defaults, filter: '' });
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    // Another dataset or tab: take its remembered state (set during render, React's documented pattern).
    setShownKey(key);
    setState(memory.get(key) ?? { ...defaults, filter: '' });
  }
  useEffect(() => {
    memory.set(key, state);
  }, [key, state]);

  const debouncedFilter = useDebounced(state.filter, 250);
  const toggleSort = useCallback((sort: string) => {
    // A new column sorts ascending; the same column flips.
    setState((s) => (s.sort === sort ? { ...s, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { ...s, sort, dir: 'asc' }));
  }, []);
  const setFilter = useCallback((filter: string) => setState((s) => ({ ...s, filter })), []);
  return { ...state, debouncedFilter: debouncedFilter.trim(), toggleSort, setFilter };
}
