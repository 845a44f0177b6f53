/**
 * The bundle service (issue #15): writes a run's bundle (its workspace folder, or any folder for the CLI) in a
 * worker, launches the workspace bundle through torchrun's launcher when PyTorch is installed and records its
 * curve, and brings PyTorch weights back as a checkpoint of the run. Implements the bundles.* calls.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { BundleInfo, BundleStatus, ImportedWeights, LaunchPoint, PyTorchInfo, BundlesChanged } from '../../preload/api-bundle';
import type { Db } from '../db/connection';
import { StudioError, workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import type { JobManager, JobReport } from '../jobs/manager';
import type { JobOwnership } from '../jobs/ownership';
import { runWorkerJob } from '../jobs/spawn';
import { resourcesDir } from '../paths';
import type { ResolvedConfig } from '../training/config';
import type { TrainingService } from '../training/service';
import { checkOutFolder, folderBytes } from './export';
import { CHECKPOINT_PATTERN, FILES, type Manifest } from './format';
import { readManifest, readSafetensorsHeader, torchCheckpoints, weightsFileAt } from './files';
import { failureMessage, launchBundle, STOP_FILE, writeStopFile, type Launched, type TrainLine } from './launch';
import { pyTorch } from './python';
import { BundleStore, type StoredLaunch } from './sql';
import type { BundleJobData, BundleWorkerMessage } from './worker';

export interface BundleDeps {
  db: Db;
  dbFile: string;
  dataDir: string;
  jobs: JobManager;
  events: StudioEvents;
  training: TrainingService;
  dataset: (id: number) => { id: number; name: string };
  /** Which studio process runs each launch: the OS-level lock every job kind uses (jobs/ownership.ts). */
  owners: JobOwnership;
}

export interface Written {
  dir: string;
  manifest: Manifest;
  bytes: number;
}

/** A job's id at once, and a promise of its outcome for callers that wait (the CLI); nobody waiting is fine. */
interface Started<T> {
  jobId: string;
  done: Promise<T>;
}

const ARCHITECTURE = ['vocabSize', 'layers', 'width', 'heads', 'ffn', 'maxLength'] as const;
/** Seconds a launch gets to stop on its own (STOP file) before its process group is signalled. */
const STOP_GRACE_MS = 3_000;
const KILL_AFTER_MS = 45_000;

export class BundleService {
  readonly store: BundleStore;
  private readonly writing = new Map<number, string>();
  private readonly live = new Map<number, { jobId: string; handle: Launched | null }>();
  private closed = false;

  constructor(private readonly deps: BundleDeps) {
    this.store = new BundleStore(deps.db);
    this.markInterrupted();
  }

  /** Calls `listener` on each `bundles.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: BundlesChanged) => void): () => void {
    return this.deps.events.on('bundles.changed', listener);
  }

  /**
   * Launches whose studio process is gone were cut off (the owner's lock file is free: a pid alone could have been
   * reused by an unrelated process); their torchrun, if it outlived the studio, is asked to stop. A launch another
   * live studio process runs is left alone. Returns the runs whose launches changed.
   */
  markInterrupted(): number[] {
    const running = new Map(this.store.running().map((l) => [l.id, l]));
    const gone = this.deps.owners.sweep('bundle', [...running.keys()], (ids) => {
      const now = new Date().toISOString();
      for (const id of ids) this.store.setStatus(id, 'interrupted', null, now);
    });
    for (const id of gone) {
      try {
        writeStopFile(running.get(id)!.outDir);
      } catch {
        // Its folder is gone, so nothing trains there.
      }
    }
    return [...new Set(gone.map((id) => running.get(id)!.runId))];
  }

  private runDir(runId: number): string {
    return join(this.deps.dataDir, 'runs', String(runId));
  }

  /** The run's bundle in the workspace: what the window writes, launches and imports from. */
  bundleDir(runId: number): string {
    return join(this.runDir(runId), 'bundle');
  }

  private started<T>(kind: string, label: string, work: (report: (p: JobReport) => void, signal: AbortSignal) => Promise<T>): Started<T> {
    let settle!: { ok: (v: T) => void; fail: (e: unknown) => void };
    const done = new Promise<T>((ok, fail) => (settle = { ok, fail }));
    done.catch(() => undefined);
    const jobId = this.deps.jobs.start<T>(kind, label, (report, signal) =>
      work(report, signal).then(
        (v) => (settle.ok(v), v),
        (e: unknown) => {
          settle.fail(e);
          throw e;
        },
      ),
    );
    return { jobId, done };
  }

  private startedRun(runId: number) {
    const { run } = this.deps.training.get(runId);
    if (!run.resolved)
      throw new StudioError('bad_input', `run ${runId} has not started yet: its tokenizer and model shape are fixed when it starts`);
    return { run, config: run.config, resolved: run.resolved as unknown as ResolvedConfig };
  }

  status(runId: number): BundleStatus {
    this.deps.training.get(runId);
    const imports = this.store.imports(runId);
    const sources = new Set(imports.map((i) => i.source));
    let bundle: BundleInfo | null = null;
    const dir = this.bundleDir(runId);
    const manifest = readManifest(dir);
    if (manifest)
      bundle = {
        dir,
        createdAt: manifest.createdAt,
        startStep: manifest.startStep,
        endStep: manifest.endStep,
        bytes: folderBytes(dir),
        tokens: manifest.tokens,
        studioLoss: manifest.parity.studioLoss,
        lora: manifest.lora !== null,
        itemIds:
          manifest.itemIds &&
          `${manifest.itemIds.name} v${manifest.itemIds.version}, ${manifest.itemIds.items.toLocaleString('en-US')} items`,
        checkpoints: torchCheckpoints(join(dir, FILES.checkpoints)).map((c) => ({ ...c, imported: sources.has(c.file) })),
      };
    const stored = this.store.list(runId);
    const owners = stored.some((l) => l.status === 'running') ? this.deps.owners.owners('bundle') : null;
    return {
      runId,
      bundle,
      writingJobId: this.writing.get(runId) ?? null,
      launches: stored.map(({ bundleDir: _b, outDir: _o, ownerPid: _p, ...l }) => ({
        ...l,
        jobId: this.live.get(l.id)?.jobId ?? null,
        owner: l.status === 'running' ? (owners?.get(l.id) ?? null) : null,
      })),
      imports,
    };
  }

  pytorch(refresh: boolean): Promise<PyTorchInfo> {
    return pyTorch(refresh);
  }

  /**
   * Writes run `runId` as a bundle: from its checkpoint at `step` (0: its initial weights; default: its newest
   * checkpoint, or the initial weights before it has one), `steps` steps (default: to the end of the run). Without
   * `out`, into the run's workspace folder, replacing the bundle there once the new one is complete.
   */
  write(runId: number, opts: { step?: number; steps?: number; out?: string } = {}): Started<Written> {
    const { run, config, resolved } = this.startedRun(runId);
    const checkpoints = this.deps.training.store.checkpoints(runId);
    let checkpoint: { file: string; step: number } | null = null;
    if (opts.step === undefined) checkpoint = checkpoints.at(-1) ?? null;
    else if (opts.step > 0) {
      checkpoint = checkpoints.find((c) => c.step === opts.step) ?? null;
      if (!checkpoint)
        throw new StudioError(
          'bad_input',
          `run ${runId} has no checkpoint at step ${opts.step} (it has ${checkpoints.map((c) => c.step).join(', ') || 'none'}; 0 is its initial weights)`,
          { field: 'step' },
        );
    }
    if (checkpoint && !existsSync(checkpoint.file))
      throw new StudioError('not_found', `run ${runId}'s checkpoint ${checkpoint.file} is gone`);
    const workspace = opts.out === undefined;
    const final = workspace ? this.bundleDir(runId) : resolve(opts.out!);
    if (workspace && this.liveLaunch(runId))
      throw new StudioError('conflict', `a torchrun launch is training run ${runId}'s bundle: stop it before writing a new one`);
    if (this.writing.has(runId)) throw new StudioError('conflict', `run ${runId}'s bundle is being written already`);
    const out = workspace ? join(this.runDir(runId), `.bundle.next-${process.pid}-${Date.now()}`) : final;
    if (!workspace) {
      try {
        checkOutFolder(out);
      } catch (err) {
        throw new StudioError('bad_input', (err as Error).message, { field: 'out' });
      }
    }
    const total = resolved.pretrainSteps + resolved.steps;
    const start = checkpoint?.step ?? 0;
    if (opts.steps === undefined && start >= total)
      throw new StudioError(
        'bad_input',
        `run ${runId} has finished its ${total} steps at step ${start}: give the number of steps to bundle (--steps N)`,
        { field: 'steps' },
      );
    mkdirSync(this.runDir(runId), { recursive: true });
    const dataset = this.deps.dataset(run.datasetId);
    const data: BundleJobData = {
      kind: 'export',
      dbFile: this.deps.dbFile,
      runId,
      runName: run.name,
      datasetId: dataset.id,
      datasetName: dataset.name,
      runDir: this.runDir(runId),
      config,
      resolved,
      checkpoint: checkpoint && { file: checkpoint.file, step: checkpoint.step },
      source: config.from && !checkpoint ? this.deps.training.sourceOf(config.from.runId, config.from.step) : null,
      itemIdSet: resolved.itemIdSet ?? null,
      steps: opts.steps ?? null,
      out,
      scriptDir: join(resourcesDir(), 'bundle'),
    };
    let progress: { done: number; total: number | null } = { done: 0, total: null };
    const job = this.started<Written>('bundle', `bundle run ${runId}`, (report, signal) =>
      runWorkerJob<BundleWorkerMessage, Written>(
        'bundle/worker',
        data,
        signal,
        (w) => void w.terminate(),
        (m) => {
          if (m.type === 'phase') report({ ...progress, phase: m.phase });
          else if (m.type === 'progress') {
            progress = { done: m.done, total: m.total };
            report({ ...progress, phase: `drawing batches: ${m.done} of ${m.total}` });
          } else if (m.type === 'done') {
            if (workspace) {
              rmSync(final, { recursive: true, force: true });
              renameSync(out, final);
            }
            return { value: { dir: final, manifest: m.manifest, bytes: m.bytes } };
          } else if (m.type === 'failed') throw workerFailure(m.error);
          return undefined;
        },
      ).finally(() => {
        if (workspace) rmSync(out, { recursive: true, force: true });
      }),
    );
    this.writing.set(runId, job.jobId);
    const settle = (): void => {
      this.writing.delete(runId);
      if (!this.closed) this.deps.events.emit('bundles.changed', { runId });
    };
    job.done.then(settle, settle);
    this.deps.events.emit('bundles.changed', { runId });
    return job;
  }

  /**
   * Brings PyTorch weights back as a checkpoint of the run, at the step they were saved after: `path` is a
   * `.safetensors` file, a folder of torch checkpoints (its newest) or a bundle (its checkpoints/); default: the
   * run's workspace bundle.
   */
  importWeights(runId: number, path?: string): Started<ImportedWeights> {
    const { run, config, resolved } = this.startedRun(runId);
    if (run.status === 'running') throw new StudioError('conflict', `run ${runId} is training: stop it before importing weights into it`);
    const where = path === undefined ? this.bundleDir(runId) : resolve(path);
    if (path === undefined && !existsSync(join(where, FILES.manifest)))
      throw new StudioError('bad_input', `run ${runId} has no bundle in the workspace: write one, train it, or name the weights to import`);
    let file: string;
    let metadata: Record<string, string>;
    try {
      file = weightsFileAt(where);
      metadata = readSafetensorsHeader(file).metadata;
    } catch (err) {
      throw new StudioError('bad_input', (err as Error).message, { file: where });
    }
    const fromName = CHECKPOINT_PATTERN.exec(basename(file));
    const step = Number(metadata.step ?? fromName?.[1]);
    if (!Number.isInteger(step) || step < 0)
      throw new StudioError('bad_input', `${file}: no step in its metadata or name (step-N.safetensors)`, { file, field: 'step' });
    if (metadata.runId !== undefined && Number(metadata.runId) !== runId)
      throw new StudioError('bad_input', `${file} holds weights of run ${metadata.runId}, not of run ${runId}`, { file, field: 'runId' });
    if (metadata.model !== undefined) {
      const shape = JSON.parse(metadata.model) as Record<string, unknown>;
      const differ = ARCHITECTURE.filter((k) => shape[k] !== resolved.model[k]).map(
        (k) => `${k} ${String(shape[k])} there, ${resolved.model[k]} in the run`,
      );
      if (differ.length)
        throw new StudioError('bad_input', `${file} is for another model shape: ${differ.join('; ')}`, { file, field: 'model' });
    }
    const existing = this.deps.training.store.checkpoints(runId).find((c) => c.step === step);
    if (existing)
      throw new StudioError(
        'conflict',
        `run ${runId} already has a checkpoint at step ${step} (${basename(existing.file)}): one step of a run holds one set of weights`,
      );
    const out = join(this.runDir(runId), `step-${String(step).padStart(7, '0')}.ckpt`);
    const data: BundleJobData = {
      kind: 'import',
      runId,
      file,
      out,
      model: resolved.model,
      lora: config.lora ? { rank: config.lora.rank, alpha: config.lora.alpha, targets: config.lora.targets } : null,
      step,
    };
    const producer = metadata.producer ?? 'unknown';
    return this.started<ImportedWeights>('import-weights', `import weights into run ${runId}`, (report, signal) => {
      report({ done: 0, total: null, phase: `reading ${basename(file)}` });
      return runWorkerJob<BundleWorkerMessage, ImportedWeights>(
        'bundle/worker',
        data,
        signal,
        (w) => void w.terminate(),
        (m) => {
          if (m.type === 'failed')
            throw new StudioError(m.error.code === 'internal' ? 'bad_input' : m.error.code, m.error.message, { file });
          if (m.type !== 'imported') return undefined;
          const now = new Date().toISOString();
          const bytes = statSync(out).size;
          this.deps.training.store.addCheckpoint(runId, step, out, bytes, now);
          this.store.addImport(runId, step, file, producer, now);
          this.deps.events.emit('runs.changed', { runId });
          this.deps.events.emit('bundles.changed', { runId });
          return { value: { runId, step, file: out, bytes, source: file, withOptimizer: m.withOptimizer } };
        },
      );
    });
  }

  private liveLaunch(runId: number): number | undefined {
    return [...this.live.keys()].find((id) => this.store.get(id)?.runId === runId);
  }

  /**
   * Trains the run's workspace bundle on this machine with `processes` processes (torchrun's launcher, gloo on CPUs,
   * NCCL on GPUs), into its checkpoints/ folder (resuming from the newest there), recording the curve.
   */
  async launch(runId: number, opts: { processes: number; steps?: number }): Promise<Started<StoredLaunch> & { launchId: number }> {
    this.deps.training.get(runId);
    const dir = this.bundleDir(runId);
    const manifest = readManifest(dir);
    if (!manifest) throw new StudioError('bad_input', `run ${runId} has no bundle yet: write it first (studio runs bundle ${runId})`);
    if (opts.processes > manifest.batchSize)
      throw new StudioError(
        'bad_input',
        `${opts.processes} processes for a batch of ${manifest.batchSize} rows: use at most ${manifest.batchSize}`,
        {
          field: 'processes',
        },
      );
    if (this.writing.has(runId)) throw new StudioError('conflict', `run ${runId}'s bundle is being written: launch it once that is done`);
    if (this.liveLaunch(runId) !== undefined) throw new StudioError('conflict', `run ${runId}'s bundle is training already`);
    const py = await pyTorch();
    if (!py.available || !py.python) throw new StudioError('not_found', py.message);
    const out = join(dir, FILES.checkpoints);
    mkdirSync(out, { recursive: true });
    rmSync(join(out, STOP_FILE), { force: true });
    const end = opts.steps === undefined ? manifest.endStep : Math.min(manifest.endStep, manifest.startStep + opts.steps);
    const launchId = this.store.create(
      { runId, bundleDir: dir, outDir: out, processes: opts.processes, startStep: manifest.startStep, endStep: end },
      new Date().toISOString(),
      (id) => this.deps.owners.claim('bundle', id),
    );
    const entry: { jobId: string; handle: Launched | null } = { jobId: '', handle: null };
    this.live.set(launchId, entry);
    const changed = (): void => {
      if (!this.closed) this.deps.events.emit('bundles.changed', { runId });
    };
    const job = this.started<StoredLaunch>('torchrun', `torchrun ×${opts.processes}, run ${runId}`, (report, signal) => {
      const total = end - manifest.startStep;
      report({ done: 0, total, phase: `starting ${opts.processes} PyTorch processes` });
      let stopped = false;
      const onLine = (line: TrainLine): void => {
        if (this.closed) return;
        const now = new Date().toISOString();
        if (line.event === 'start') {
          this.store.started(launchId, line, line.startStep, now);
          report({
            done: line.startStep - manifest.startStep,
            total,
            phase: `training on ${line.world} × ${line.device} (${line.backend})`,
          });
        } else if (line.event === 'step') {
          const { event: _e, total: _t, ...point } = line;
          this.store.addPoint(launchId, point);
          report({ done: line.step + 1 - manifest.startStep, total, phase: `step ${line.step + 1} · loss ${line.loss.toFixed(3)}` });
        } else if (line.event === 'done') stopped = line.stopped;
        changed();
      };
      const handle = launchBundle({ python: py.python!, bundleDir: dir, out, processes: opts.processes, steps: opts.steps }, onLine);
      entry.handle = handle;
      signal.addEventListener('abort', () => {
        handle.stop();
        setTimeout(() => handle.kill('SIGTERM'), STOP_GRACE_MS).unref();
        setTimeout(() => handle.kill('SIGKILL'), KILL_AFTER_MS).unref();
      });
      return handle.exited.then(({ code, signal: sig, stderr }) => {
        this.live.delete(launchId);
        if (this.closed) throw new StudioError('cancelled', 'the studio closed');
        this.deps.owners.release('bundle', launchId);
        const now = new Date().toISOString();
        const ok = code === 0;
        const status = ok ? (stopped || signal.aborted ? 'stopped' : 'done') : signal.aborted ? 'stopped' : 'failed';
        const error = status === 'failed' ? failureMessage(stderr, code, sig) : null;
        this.store.setStatus(launchId, status, error, now);
        changed();
        if (status === 'failed') throw new StudioError('internal', error!);
        return this.store.get(launchId)!;
      });
    });
    entry.jobId = job.jobId;
    changed();
    return { ...job, launchId };
  }

  /** Asks a launch to stop after its current step (a STOP file, so it works from another studio process too). */
  stop(launchId: number): boolean {
    const l = this.store.get(launchId);
    if (!l) throw new StudioError('not_found', `no launch ${launchId}`);
    if (l.status !== 'running') return false;
    writeStopFile(l.outDir);
    return true;
  }

  metrics(ids: readonly number[]): { launchId: number; metrics: LaunchPoint[] }[] {
    return ids.map((id) => {
      if (!this.store.get(id)) throw new StudioError('not_found', `no launch ${id}`);
      return { launchId: id, metrics: this.store.points(id) };
    });
  }

  /** Before the workspace closes: live launches are asked to stop and marked interrupted; nothing is recorded after. */
  close(): void {
    this.closed = true;
    for (const [id, { handle }] of this.live) {
      handle?.stop();
      handle?.kill('SIGTERM');
      this.store.setStatus(id, 'interrupted', null, new Date().toISOString());
      this.deps.owners.release('bundle', id);
    }
  }
}
