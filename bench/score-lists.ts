/**
 * Scores exported recommendation lists (JSONL, one `{"user", "items"}` per line) against the RecBole .inter file of a folder,
 * with no studio code: each user's interactions sorted by time (ties in file order), the last one is the target,
 * the others are the history (an item in a list that the user already had is dropped before ranking). HR@10 and
 * NDCG@10 = 1/log2(rank + 1) within the top 10, averaged over the users that have a list. Items in `heldOut` were
 * removed from training (bench/recommend.ts --cold): their interactions do not count as history, and targets
 * among them are scored apart as cold.
 *
 *   node --import tsx bench/score-lists.ts DATA_DIR LISTS.jsonl
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Scores {
  hr10: number;
  ndcg10: number;
  users: number;
  warm?: { hr10: number; ndcg10: number; users: number };
  cold?: { hr10: number; ndcg10: number; users: number };
}

export function scoreLists(dataDir: string, listsFile: string, heldOut: ReadonlySet<string> = new Set()): Scores {
  const inter = readdirSync(dataDir).find((f) => f.endsWith('.inter'));
  if (!inter) throw new Error(`no .inter file in ${dataDir}`);
  const lines = readFileSync(join(dataDir, inter), 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split('\t').map((h) => h.split(':')[0]);
  const [ui, ii, ti] = ['user_id', 'item_id', 'timestamp'].map((f) => header.indexOf(f));
  const byUser = new Map<string, { item: string; t: number; k: number }[]>();
  lines.slice(1).forEach((l, k) => {
    const f = l.split('\t');
    const list = byUser.get(f[ui!]!) ?? [];
    list.push({ item: f[ii!]!, t: Number(f[ti!]), k });
    byUser.set(f[ui!]!, list);
  });
  const lists = new Map<string, string[]>();
  for (const l of readFileSync(listsFile, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const j = JSON.parse(l) as { user: string; items: string[] };
    lists.set(String(j.user), j.items.map(String));
  }
  const tally = () => ({ hr: 0, nd: 0, n: 0 });
  const all = tally();
  const warm = tally();
  const cold = tally();
  for (const [user, list] of lists) {
    const seq = byUser.get(user);
    if (!seq || seq.length < 2) continue;
    seq.sort((a, b) => a.t - b.t || a.k - b.k);
    const target = seq.at(-1)!.item;
    const history = new Set(
      seq
        .slice(0, -1)
        .filter((x) => !heldOut.has(x.item))
        .map((x) => x.item),
    );
    history.delete(target);
    const ranked = list.filter((i) => !history.has(i));
    const rank = ranked.indexOf(target) + 1;
    for (const t of [all, heldOut.has(target) ? cold : warm]) {
      t.n++;
      if (rank >= 1 && rank <= 10) {
        t.hr++;
        t.nd += 1 / Math.log2(rank + 1);
      }
    }
  }
  const mean = (t: ReturnType<typeof tally>) => ({ hr10: t.n ? t.hr / t.n : 0, ndcg10: t.n ? t.nd / t.n : 0, users: t.n });
  return { ...mean(all), ...(heldOut.size ? { warm: mean(warm), cold: mean(cold) } : {}) };
}

if (process.argv[1]?.endsWith('score-lists.ts')) {
  const [dataDir, file] = process.argv.slice(2);
  if (!dataDir || !file) {
    console.error('usage: node --import tsx bench/score-lists.ts DATA_DIR LISTS.jsonl');
    process.exit(2);
  }
  console.log(JSON.stringify(scoreLists(dataDir, file)));
}
