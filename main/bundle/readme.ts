/** The bundle's README: resources/bundle/README.template.md with the run's figures filled in (pure). */
import type { Manifest } from './format';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Replaces every `{{key}}`; a key the template names but the values lack is an error, never an empty hole. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`README template: no value for {{${key}}}`);
    return v;
  });
}

export function readmeFor(m: Manifest, template: string): string {
  const count = (trainable: boolean | null): number =>
    m.params.filter((p) => trainable === null || p.trainable === trainable).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
  return fillTemplate(template, {
    runName: m.run.name,
    runId: String(m.run.id),
    dataset: m.run.dataset,
    studioVersion: m.studioVersion,
    createdAt: m.createdAt,
    startStep: String(m.startStep),
    lastStep: String(m.endStep - 1),
    steps: fmt(m.endStep - m.startStep),
    layers: String(m.model.layers),
    width: String(m.model.width),
    heads: String(m.model.heads),
    ffn: String(m.model.ffn),
    maxLength: String(m.model.maxLength),
    vocabSize: fmt(m.model.vocabSize),
    dropout: String(m.model.dropout),
    lora: m.lora
      ? `rank ${m.lora.rank}, alpha ${m.lora.alpha}, on ${m.lora.targets.join(', ')} (the base is frozen)`
      : 'none (every parameter trains)',
    params: fmt(count(null)),
    trainable: fmt(count(true)),
    batchSize: String(m.batchSize),
    tokens: fmt(m.tokens),
    lr: String(m.optimizer.lr),
    warmupSteps: String(m.optimizer.warmupSteps),
    totalSteps: String(m.optimizer.totalSteps),
    weightDecay: String(m.optimizer.weightDecay),
    clipNorm: String(m.optimizer.clipNorm),
    checkpointEvery: String(m.checkpointEvery),
    parityBackend: m.parity.backend,
    moments: m.adamStep > 0 ? `, with the AdamW moments after ${m.adamStep} updates (\`adamw.m/…\`, \`adamw.v/…\`)` : '',
    itemIds: m.itemIds
      ? `identifier set \`${m.itemIds.name}\` v${m.itemIds.version} (${m.itemIds.scheme}, ${fmt(m.itemIds.items)} items in \`${m.itemIds.file}\`; its tokens are the tokenizer's added tokens)`
      : 'by their titles (no identifier set)',
    itemIdsFile: m.itemIds
      ? `\n| \`${m.itemIds.file}\` | the identifier set: each item by the dataset's own id, its identifier and its code at each level |`
      : '',
    rowLabels: m.rowLabels.map((l) => `\`${l}\``).join(', '),
  });
}
