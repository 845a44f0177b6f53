/** "Fine-tune from an earlier run": the source run, its checkpoint, and LoRA adapters on its frozen weights. */
import type { Run } from '../../../../preload/api-training';
import { LORA_TARGETS, type LoraTarget } from './configForm';
import { Field, issueAt, NumInput, Section } from './FormBits';
import type { FieldsProps } from './RunFormFields';

const LORA_LABEL: Record<LoraTarget, string> = { qkv: 'Q K V', attnOut: 'attention out', ffnUp: 'FFN up', ffnDown: 'FFN down' };

/** LoRA's rank, alpha and the projections it adapts. */
function LoraFields({ form, set, issues }: FieldsProps) {
  return (
    <div className="run-grid">
      <Field label="Rank" path="lora.rank" issues={issues}>
        <NumInput
          value={form.loraRank}
          invalid={issueAt(issues, 'lora.rank') !== null}
          testid="run-lora-rank"
          onChange={(v) => set((f) => ({ ...f, loraRank: v }))}
        />
      </Field>
      <Field label="Alpha" path="lora.alpha" issues={issues}>
        <NumInput
          value={form.loraAlpha}
          invalid={issueAt(issues, 'lora.alpha') !== null}
          testid="run-lora-alpha"
          onChange={(v) => set((f) => ({ ...f, loraAlpha: v }))}
        />
      </Field>
      <div className="field run-lora-targets" data-field="lora.targets">
        <span className="field-label">Projections</span>
        {LORA_TARGETS.map((t) => (
          <label className="checkbox small" key={t}>
            <input
              type="checkbox"
              checked={form.loraTargets.includes(t)}
              data-testid={`run-lora-${t}`}
              onChange={(e) =>
                set((f) => ({ ...f, loraTargets: e.target.checked ? [...f.loraTargets, t] : f.loraTargets.filter((x) => x !== t) }))
              }
            />
            {LORA_LABEL[t]}
          </label>
        ))}
        {issueAt(issues, 'lora.targets') && <span className="field-error">{issueAt(issues, 'lora.targets')}</span>}
      </div>
    </div>
  );
}

export function FromSection({ form, set, issues, sources, checkpoints }: FieldsProps & { sources: Run[]; checkpoints: number[] | null }) {
  const from = form.fromRunId;
  const last = sources.find((r) => r.id === from)?.lastCheckpoint ?? null;
  return (
    <Section title="Fine-tune from an earlier run" testid="run-from-section">
      <div className="run-grid">
        <Field
          label="Start from"
          path="from"
          issues={issues}
          hint={sources.length === 0 ? 'No run of this dataset has a checkpoint yet.' : undefined}
        >
          <select
            value={from === null ? '' : String(from)}
            data-testid="run-from"
            onChange={(e) =>
              set((f) => ({
                ...f,
                fromRunId: e.target.value ? Number(e.target.value) : null,
                fromStep: '',
                lora: e.target.value ? f.lora : false,
              }))
            }
          >
            <option value="">scratch (new weights)</option>
            {sources.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.name} ({r.status}, checkpoint at step {r.lastCheckpoint})
              </option>
            ))}
          </select>
        </Field>
        {from !== null && (
          <Field
            label="Checkpoint"
            path="from.step"
            issues={issues}
            hint={checkpoints !== null && checkpoints.length === 0 ? 'This run has no checkpoint.' : undefined}
          >
            <select value={form.fromStep} data-testid="run-from-step" onChange={(e) => set((f) => ({ ...f, fromStep: e.target.value }))}>
              <option value="">last{last === null ? '' : ` (step ${last})`}</option>
              {(checkpoints ?? [])
                .filter((s) => s !== last)
                .map((s) => (
                  <option key={s} value={String(s)}>
                    step {s}
                  </option>
                ))}
            </select>
          </Field>
        )}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.lora}
          disabled={from === null}
          data-testid="run-lora"
          onChange={(e) => set((f) => ({ ...f, lora: e.target.checked }))}
        />
        LoRA adapters (the base stays frozen)
      </label>
      {from === null && <span className="hint">LoRA trains on an earlier run&apos;s weights: pick one above first.</span>}
      {form.lora && from !== null && <LoraFields form={form} set={set} issues={issues} />}
    </Section>
  );
}
