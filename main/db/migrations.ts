import type { Database } from 'better-sqlite3';
import { StudioError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * For a migration numbered below one that shipped first (parallel work takes numbers out of order): whether a
   * workspace already past its number has it. Without this, a workspace at version 10 would never get 9.
   */
  applied?: (db: Database) => boolean;
}

/** Numbered migrations; each runs once, in order, inside one transaction with the version bump. Never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'datasets',
    sql: `
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        split_rule TEXT,
        split_at TEXT
      );
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        ext_id TEXT NOT NULL,
        features TEXT NOT NULL DEFAULT '{}',
        UNIQUE (dataset_id, ext_id)
      );
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        ext_id TEXT NOT NULL,
        title TEXT,
        attrs TEXT NOT NULL DEFAULT '{}',
        UNIQUE (dataset_id, ext_id)
      );
      -- seq keeps the source file's order: the tie-break for equal timestamps (DESIGN.md, evaluation conventions).
      CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        rating REAL,
        ts INTEGER,
        review TEXT,
        summary TEXT,
        seq INTEGER NOT NULL,
        split TEXT CHECK (split IN ('train', 'valid', 'test'))
      );
      CREATE INDEX interactions_user ON interactions (user_id, ts, seq);
      CREATE INDEX interactions_item ON interactions (item_id);
      CREATE INDEX interactions_dataset ON interactions (dataset_id, id);
      CREATE TABLE import_skips (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        file TEXT NOT NULL,
        line INTEGER NOT NULL,
        field TEXT,
        reason TEXT NOT NULL
      );
      CREATE INDEX import_skips_dataset ON import_skips (dataset_id, id);
    `,
  },
  {
    version: 2,
    name: 'baseline runs',
    sql: `
      -- Constrained baselines (stochastic Frank-Wolfe and the solvers it is compared with): config, curves, metrics.
      CREATE TABLE baseline_runs (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        config TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        outcome TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX baseline_runs_dataset ON baseline_runs (dataset_id, id);
    `,
  },
  {
    version: 3,
    name: 'entities',
    sql: `
      -- Textualization profiles (one per dataset), records (one per user), label sets, and everyone's spans.
      -- Span offsets count Unicode code points, end-exclusive; each span keeps its text.
      CREATE TABLE entity_profiles (
        dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
        profile TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE entity_records (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        length INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (status IN ('unreviewed', 'accepted', 'rejected', 'disputed')),
        adjudicator TEXT,
        adjudicated_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (dataset_id, user_id)
      );
      CREATE INDEX entity_records_status ON entity_records (dataset_id, status, id);
      CREATE TABLE entity_label_sets (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL UNIQUE REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        nesting TEXT NOT NULL
      );
      CREATE TABLE entity_labels (
        set_id INTEGER NOT NULL REFERENCES entity_label_sets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        colour TEXT NOT NULL,
        hotkey INTEGER CHECK (hotkey BETWEEN 1 AND 9),
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        PRIMARY KEY (set_id, name)
      );
      -- Who has worked on a record and when (an annotator may leave a record with no spans: that is an answer too).
      CREATE TABLE entity_annotators (
        record_id INTEGER NOT NULL REFERENCES entity_records(id) ON DELETE CASCADE,
        annotator TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (record_id, annotator)
      );
      CREATE INDEX entity_annotators_name ON entity_annotators (annotator, record_id);
      CREATE TABLE entity_annotations (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES entity_records(id) ON DELETE CASCADE,
        annotator TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        label TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('auto', 'pattern', 'catalog', 'human')),
        text TEXT NOT NULL,
        ref_kind TEXT,
        ref_id INTEGER,
        ref_field TEXT,
        created_at TEXT NOT NULL,
        CHECK (span_end > span_start)
      );
      CREATE INDEX entity_annotations_record ON entity_annotations (record_id, annotator);
      CREATE INDEX entity_annotations_label ON entity_annotations (label, record_id);
      CREATE TABLE entity_reviews (
        record_id INTEGER NOT NULL REFERENCES entity_records(id) ON DELETE CASCADE,
        annotator TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (record_id, annotator)
      );
      CREATE TABLE entity_final_spans (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES entity_records(id) ON DELETE CASCADE,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        label TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('auto', 'pattern', 'catalog', 'human')),
        text TEXT NOT NULL,
        ref_kind TEXT,
        ref_id INTEGER,
        ref_field TEXT,
        CHECK (span_end > span_start)
      );
      CREATE INDEX entity_final_spans_record ON entity_final_spans (record_id);
    `,
  },
  {
    version: 4,
    name: 'prompt templates',
    sql: `
      -- A template is its key ("2-13": family number, then its number) and its versions; the newest is current.
      CREATE TABLE templates (
        key TEXT PRIMARY KEY,
        family TEXT NOT NULL CHECK (family IN ('rating', 'sequential', 'explanation', 'review', 'direct')),
        number INTEGER NOT NULL,
        current_version INTEGER NOT NULL,
        UNIQUE (family, number)
      );
      CREATE TABLE template_versions (
        key TEXT NOT NULL REFERENCES templates(key) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        input TEXT NOT NULL,
        target TEXT NOT NULL,
        answer_choices TEXT,
        seen INTEGER NOT NULL CHECK (seen IN (0, 1)),
        notes TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (key, version)
      );
      -- Facts about the workspace itself, e.g. that the built-in template set was seeded once (a user may delete it).
      CREATE TABLE workspace_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'training runs',
    sql: `
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        -- The config as given (JSON) and as resolved to explicit numbers (JSON).
        config TEXT NOT NULL,
        resolved TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped', 'interrupted')),
        backend TEXT,
        backend_note TEXT,
        steps_done INTEGER NOT NULL DEFAULT 0,
        total_steps INTEGER,
        error TEXT,
        summary TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX runs_dataset ON runs (dataset_id, id);
      CREATE TABLE run_metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        phase TEXT NOT NULL,
        loss REAL NOT NULL,
        lr REAL NOT NULL,
        grad_norm REAL NOT NULL,
        tokens_per_second REAL NOT NULL,
        elapsed REAL NOT NULL,
        by_family TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE run_checkpoints (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        file TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      );
    `,
  },
  {
    version: 6,
    name: 'generations and evaluation',
    sql: `
      CREATE TABLE generation_sets (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        checkpoint INTEGER NOT NULL,
        family TEXT NOT NULL,
        split TEXT NOT NULL,
        decoding TEXT NOT NULL,
        exclude_history INTEGER NOT NULL,
        templates TEXT,
        row_limit INTEGER,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped', 'interrupted')),
        total INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX generation_sets_run ON generation_sets (run_id, id);
      -- One row per example; (set, example) is unique so a resumed set skips what it already generated.
      CREATE TABLE generations (
        set_id INTEGER NOT NULL REFERENCES generation_sets(id) ON DELETE CASCADE,
        example INTEGER NOT NULL,
        template TEXT NOT NULL,
        seen INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        input TEXT NOT NULL,
        output TEXT NOT NULL,
        reference TEXT NOT NULL,
        score REAL NOT NULL,
        rank INTEGER,
        sampled_rank INTEGER,
        valid INTEGER,
        items TEXT,
        PRIMARY KEY (set_id, example)
      );
      CREATE TABLE baseline_evals (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        seed INTEGER NOT NULL,
        report TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (dataset_id, seed)
      );
    `,
  },
  {
    version: 7,
    name: 'side-by-side reviews',
    sql: `
      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        family TEXT NOT NULL,
        run_a INTEGER NOT NULL,
        run_b INTEGER,
        config TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'finished')),
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      -- The pairs as sampled and blinded: shown_order AB puts side A on the left.
      CREATE TABLE review_pairs (
        review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        key TEXT NOT NULL,
        template TEXT NOT NULL,
        seen INTEGER NOT NULL,
        rating REAL,
        user_id INTEGER NOT NULL,
        item_id INTEGER,
        prompt TEXT NOT NULL,
        a_text TEXT NOT NULL,
        b_text TEXT NOT NULL,
        reference TEXT NOT NULL,
        shown_order TEXT NOT NULL CHECK (shown_order IN ('AB', 'BA')),
        repeat_of INTEGER,
        PRIMARY KEY (review_id, position)
      );
      -- One row per (pair, reviewer): reviewers never overwrite each other. Preference is stored in A/B terms,
      -- with the order the pair was shown in.
      CREATE TABLE review_judgments (
        review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        preference TEXT NOT NULL CHECK (preference IN ('A', 'B', 'tie')),
        shown_order TEXT NOT NULL,
        scores_a TEXT NOT NULL,
        scores_b TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (review_id, position, reviewer)
      );
    `,
  },
  {
    version: 8,
    name: 'item identifier sets',
    sql: `
      -- A named, versioned way of writing a dataset's items for generation (issue #10). Building a set under a
      -- name that exists makes its next version; runs name a set and record the version they trained on.
      CREATE TABLE item_id_sets (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        scheme TEXT NOT NULL CHECK (scheme IN ('title', 'atomic', 'sequential', 'collaborative', 'semantic')),
        config TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('building', 'done', 'failed', 'interrupted')),
        stats TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (dataset_id, name, version)
      );
      -- Codes per item (a JSON array of integers, one per level), whether the item was cold (in no training
      -- sequence), and its place on the set's 2-D map.
      CREATE TABLE item_codes (
        set_id INTEGER NOT NULL REFERENCES item_id_sets(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        codes TEXT NOT NULL,
        identifier TEXT NOT NULL,
        cold INTEGER NOT NULL,
        x REAL NOT NULL,
        y REAL NOT NULL,
        PRIMARY KEY (set_id, item_id)
      );
      -- Item generations keep the item they should have named (warm and cold targets are scored apart), and a
      -- set keeps its decoding time (milliseconds of catalog beam per item example).
      ALTER TABLE generations ADD COLUMN target_item INTEGER;
      ALTER TABLE generation_sets ADD COLUMN ms_per_example REAL;
    `,
  },
  {
    version: 9,
    name: 'job owners',
    applied: (db) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'job_owners'").get() !== undefined,
    sql: `
      -- Which studio process runs each long job (several processes may share a workspace: a window, studio serve, a
      -- CLI command). A job left running whose owner no longer holds its lock file (locks/<lock>) was cut off.
      CREATE TABLE job_owners (
        kind TEXT NOT NULL,
        ref INTEGER NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        process TEXT NOT NULL,
        lock TEXT NOT NULL,
        since TEXT NOT NULL,
        PRIMARY KEY (kind, ref)
      );
    `,
  },
  {
    version: 10,
    name: 'large user model runs',
    sql: `
      -- LUM runs (issue #11) keep their own tables: their configuration and metrics differ from the GLM runs'.
      CREATE TABLE lum_runs (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        resolved TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped', 'interrupted')),
        backend TEXT,
        backend_note TEXT,
        steps_done INTEGER NOT NULL DEFAULT 0,
        total_steps INTEGER,
        error TEXT,
        summary TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX lum_runs_dataset ON lum_runs (dataset_id, id);
      CREATE TABLE lum_metrics (
        run_id INTEGER NOT NULL REFERENCES lum_runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        loss REAL NOT NULL,
        accuracy REAL NOT NULL,
        lr REAL NOT NULL,
        grad_norm REAL NOT NULL,
        tokens INTEGER NOT NULL,
        tokens_per_second REAL NOT NULL,
        elapsed REAL NOT NULL,
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE lum_checkpoints (
        run_id INTEGER NOT NULL REFERENCES lum_runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        file TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      );
      -- One row per ranker trained on a run's knowledge: with its features ('full'), interest vectors alone ('direct'),
      -- or none ('without', the reference of the same rows and seed).
      CREATE TABLE lum_rankings (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES lum_runs(id) ON DELETE CASCADE,
        variant TEXT NOT NULL CHECK (variant IN ('full', 'direct', 'without')),
        checkpoint INTEGER NOT NULL,
        auc REAL NOT NULL,
        gauc REAL NOT NULL,
        report TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX lum_rankings_run ON lum_rankings (run_id, variant, id);
    `,
  },
  {
    version: 11,
    name: 'PyTorch bundles',
    sql: `
      -- A GLM run taken to PyTorch (issue #15): each local torchrun launch of the run's bundle, with its curve, and
      -- each checkpoint brought back from PyTorch (the checkpoint itself is a run_checkpoints row of the run).
      CREATE TABLE bundle_launches (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        bundle_dir TEXT NOT NULL,
        out_dir TEXT NOT NULL,
        processes INTEGER NOT NULL,
        start_step INTEGER NOT NULL,
        end_step INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped', 'interrupted')),
        owner_pid INTEGER NOT NULL,
        -- What train.py reported at start (JSON: world size, process-group back end, device, torch version).
        detail TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX bundle_launches_run ON bundle_launches (run_id, id);
      CREATE TABLE bundle_metrics (
        launch_id INTEGER NOT NULL REFERENCES bundle_launches(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        loss REAL NOT NULL,
        lr REAL NOT NULL,
        grad_norm REAL NOT NULL,
        tokens_per_second REAL NOT NULL,
        elapsed REAL NOT NULL,
        by_family TEXT NOT NULL,
        PRIMARY KEY (launch_id, step)
      );
      CREATE TABLE bundle_imports (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        source TEXT NOT NULL,
        producer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      );
    `,
  },
  {
    version: 13,
    name: 'validation loss',
    // Migrations are numbered by the issue that adds them, so a workspace may meet 13 before a sibling's 12:
    // `applied` says whether this one's table is there, whatever the schema version.
    applied: (db) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'run_validation'").get() !== undefined,
    sql: `
      -- A run's loss on validation examples every few steps (issue #18): overall and per family, token-weighted.
      CREATE TABLE IF NOT EXISTS run_validation (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        loss REAL NOT NULL,
        by_family TEXT NOT NULL,
        examples INTEGER NOT NULL,
        PRIMARY KEY (run_id, step)
      );
    `,
  },
  {
    version: 14,
    name: 'interactions without an item index',
    sql: `
      -- Items are only ever deleted with their dataset, which deletes the dataset's interactions through dataset_id,
      -- so interactions.item_id's foreign key guarded nothing the import does not already guarantee, and it needed an
      -- index on item_id (SQLite looks up children for every deleted parent): a scattered index every import had to
      -- build, about a fifth of its time. The index answered one question, an item's number of interactions, which
      -- items now keep (written at import).
      ALTER TABLE items ADD COLUMN interaction_count INTEGER NOT NULL DEFAULT 0;
      UPDATE items SET interaction_count = (SELECT count(*) FROM interactions x WHERE x.item_id = items.id);
      -- SQLite cannot drop a foreign key in place: the table is rebuilt (nothing references interactions).
      CREATE TABLE interactions_v14 (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL,
        rating REAL,
        ts INTEGER,
        review TEXT,
        summary TEXT,
        seq INTEGER NOT NULL,
        split TEXT CHECK (split IN ('train', 'valid', 'test'))
      );
      INSERT INTO interactions_v14 (id, dataset_id, user_id, item_id, rating, ts, review, summary, seq, split)
        SELECT id, dataset_id, user_id, item_id, rating, ts, review, summary, seq, split FROM interactions ORDER BY id;
      DROP TABLE interactions;
      ALTER TABLE interactions_v14 RENAME TO interactions;
      -- A user's history in time order, ties in source order: every import writes its rows in source order with
      -- rising ids, so the rowid that ends every index entry already breaks ties as seq does, and the index need
      -- not carry seq (a quarter of its bytes). Queries that walk it order by (ts, id).
      CREATE INDEX interactions_user ON interactions (user_id, ts);
      CREATE INDEX interactions_dataset ON interactions (dataset_id, id);
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the workspace to the latest schema; refuses a workspace written by a newer studio rather than guess. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  if (current > latest) {
    throw new StudioError(
      'conflict',
      `this workspace uses schema version ${current}, newer than this studio understands (${latest}); update RecSys Studio to open it`,
    );
  }
  const missing = (m: Migration): boolean => m.version > current || (m.applied !== undefined && !m.applied(db));
  if (!migrations.some(missing)) return current;
  db.transaction(() => {
    // Checked again inside the write lock: another process may have migrated meanwhile.
    const now = schemaVersion(db);
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (!(m.version > now || (m.applied !== undefined && !m.applied(db)))) continue;
      db.exec(m.sql);
      if (m.version > schemaVersion(db)) db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return schemaVersion(db);
}
