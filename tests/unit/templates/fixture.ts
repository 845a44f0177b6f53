import { prepareData, type DInteraction, type ExampleData } from '../../../main/templates/data';
import { Rich } from '../../../main/templates/lang/index';

/**
 * A small pure dataset: 6 users with 5 interactions each over 200 items, every interaction rated and reviewed,
 * user 1 textualized (a profile with one entity), user 6 re-consuming its test item early in its history.
 */
export function tinyData(): ExampleData {
  const items = new Map(
    Array.from({ length: 200 }, (_, k) => [
      k + 1,
      { id: k + 1, extId: `i${k + 1}`, title: `Item number ${k + 1}`, attrs: { genre: k % 2 ? 'drama' : 'comedy' } },
    ]),
  );
  const users = Array.from({ length: 6 }, (_, k) => ({ id: k + 1, extId: `u${k + 1}`, name: k === 0 ? 'Ada' : null }));
  const sequences = new Map<number, DInteraction[]>();
  let id = 1;
  for (const u of users) {
    const list: DInteraction[] = [];
    for (let j = 0; j < 5; j++) {
      const itemId = u.id === 6 && j === 1 ? 10 * 6 + 4 : u.id * 10 + j;
      list.push({
        id: id++,
        itemId,
        rating: 1 + ((u.id + j) % 5),
        ts: 1000 + j,
        seq: j,
        review: `Review ${u.id}-${j}: wonderful soundtrack here`,
        summary: j % 2 ? `Summary ${u.id}-${j}` : null,
      });
    }
    sequences.set(u.id, list.reverse());
  }
  const profiles = new Map([[1, new Rich('Ada, 34, engineer', [{ start: 5, end: 7, label: 'AGE' }])]]);
  return prepareData({ datasetName: 'tiny', users, items, sequences, profiles });
}
