/**
 * The deterministic `sample` dataset every new workspace starts with: users with features, items with
 * titles and attributes, ratings, reviews and review summaries — enough for all five task families.
 * Pure: the same seed gives the same bytes, written as RecBole atomic files (`studio sample --out DIR`).
 */
import { mulberry32 as prng } from '../random';

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const GENRES = ['outdoor', 'running', 'kitchen', 'books', 'audio', 'home', 'travel', 'games'] as const;
type Genre = (typeof GENRES)[number];

const CATALOG: readonly { title: string; genres: Genre[]; brand: string; feature: string }[] = [
  { title: 'Trail Runner Pro 2', genres: ['running', 'outdoor'], brand: 'Northpeak', feature: 'grip' },
  { title: 'Café Espresso Grinder', genres: ['kitchen'], brand: 'Brühwerk', feature: 'grind' },
  { title: 'Ñandú Trail Pack 30L', genres: ['outdoor', 'travel'], brand: 'Andes Co', feature: 'straps' },
  { title: 'Sunrise Lamp ☀️', genres: ['home'], brand: 'Lumo', feature: 'light' },
  { title: 'The Quiet Harbour', genres: ['books'], brand: 'Fenwick Press', feature: 'story' },
  { title: 'Noise-Free Earbuds', genres: ['audio', 'travel'], brand: 'Sonora', feature: 'battery' },
  { title: 'Cast Iron Skillet 26cm', genres: ['kitchen'], brand: 'Forge & Hearth', feature: 'heat' },
  { title: 'Mountain Atlas of Europe', genres: ['books', 'travel'], brand: 'Fenwick Press', feature: 'maps' },
  { title: 'Ultralight Tent Duo', genres: ['outdoor'], brand: 'Northpeak', feature: 'weight' },
  { title: 'Road Racer Flats', genres: ['running'], brand: 'Velo', feature: 'cushioning' },
  { title: 'Bookshelf Speakers S2', genres: ['audio', 'home'], brand: 'Sonora', feature: 'sound' },
  { title: 'Pour-Over Kettle', genres: ['kitchen'], brand: 'Brühwerk', feature: 'spout' },
  { title: 'Strategy Board Game: Isles', genres: ['games'], brand: 'Meeple Works', feature: 'rules' },
  { title: 'Travel Adapter Universal', genres: ['travel'], brand: 'Voltio', feature: 'plugs' },
  { title: 'Headlamp 400 Lumen', genres: ['outdoor', 'running'], brand: 'Lumo', feature: 'brightness' },
  { title: 'Linen Throw Blanket', genres: ['home'], brand: 'Hygge Haus', feature: 'fabric' },
  { title: 'Cooking with Fire', genres: ['books', 'kitchen'], brand: 'Ember Books', feature: 'recipes' },
  { title: 'Cooperative Card Game: Comets', genres: ['games'], brand: 'Meeple Works', feature: 'replay' },
  { title: 'Running Belt Slim', genres: ['running'], brand: 'Velo', feature: 'pockets' },
  { title: 'Studio Headphones H7', genres: ['audio'], brand: 'Sonora', feature: 'comfort' },
  { title: 'Insulated Bottle 750ml', genres: ['outdoor', 'travel'], brand: 'Andes Co', feature: 'insulation' },
  { title: 'Chef Knife Damascus', genres: ['kitchen'], brand: 'Forge & Hearth', feature: 'edge' },
  { title: 'Midnight in Kraków', genres: ['books'], brand: 'Ember Books', feature: 'plot' },
  { title: 'Smart Plug Duo', genres: ['home'], brand: 'Voltio', feature: 'app' },
  { title: 'Trekking Poles Carbon', genres: ['outdoor'], brand: 'Northpeak', feature: 'weight' },
  { title: 'Marathon Socks 3-Pack', genres: ['running'], brand: 'Velo', feature: 'fit' },
  { title: 'Portable Speaker Wave', genres: ['audio', 'outdoor'], brand: 'Sonora', feature: 'bass' },
  { title: 'Carry-On Roller 40L', genres: ['travel'], brand: 'Andes Co', feature: 'wheels' },
  { title: 'Dice Tower Deluxe', genres: ['games'], brand: 'Meeple Works', feature: 'build' },
  { title: 'Ceramic Dinner Set', genres: ['kitchen', 'home'], brand: 'Hygge Haus', feature: 'glaze' },
  { title: 'Field Guide to Birds', genres: ['books', 'outdoor'], brand: 'Fenwick Press', feature: 'illustrations' },
  { title: 'Neck Pillow Memory Foam', genres: ['travel'], brand: 'Hygge Haus', feature: 'support' },
];

const OCCUPATIONS = ['student', 'engineer', 'teacher', 'nurse', 'artist', 'writer', 'technician', 'retired', 'chef', 'lawyer'] as const;
const CITIES = ['Lisbon', 'Zürich', 'Kraków', 'Austin', 'Osaka', 'Nairobi', 'Montréal', 'Oslo'] as const;
const GOOD = ['great', 'excellent', 'lovely', 'solid', 'superb'] as const;
const BAD = ['poor', 'disappointing', 'flimsy', 'mediocre', 'awkward'] as const;

export interface SampleFiles {
  'sample.user': string;
  'sample.item': string;
  'sample.inter': string;
}

export const SAMPLE_SEED = 20261123;

export function generateSample(seed = SAMPLE_SEED, userCount = 48): SampleFiles {
  const rand = prng(seed);
  const users: string[] = ['user_id:token\tage:float\tgender:token\toccupation:token\tcity:token'];
  const items: string[] = ['item_id:token\ttitle:token_seq\tyear:token\tgenres:token_seq\tbrand:token\tprice:float'];
  const inters: string[] = ['user_id:token\titem_id:token\trating:float\ttimestamp:float\treview:token_seq\tsummary:token_seq'];

  CATALOG.forEach((it, k) => {
    const year = 2015 + Math.floor(rand() * 10);
    const price = (5 + Math.floor(rand() * 3000) / 10).toFixed(2);
    items.push([`i${k + 1}`, it.title, String(year), it.genres.join(' '), it.brand, price].join('\t'));
  });

  let clock = Date.UTC(2023, 0, 1) / 1000;
  for (let u = 1; u <= userCount; u++) {
    const age = 18 + Math.floor(rand() * 50);
    const gender = rand() < 0.5 ? 'F' : 'M';
    const occupation = pick(rand, OCCUPATIONS);
    users.push([`u${u}`, String(age), gender, occupation, pick(rand, CITIES)].join('\t'));
    // Each user likes two genres; ratings follow that taste, so the families have signal to learn.
    const liked = new Set<Genre>([pick(rand, GENRES), pick(rand, GENRES)]);
    const count = 6 + Math.floor(rand() * 14);
    const seen = new Set<number>();
    let t = clock + Math.floor(rand() * 86400 * 30);
    for (let k = 0; k < count; k++) {
      const preferLiked = rand() < 0.7;
      let idx = Math.floor(rand() * CATALOG.length);
      for (let tries = 0; tries < 20; tries++) {
        const cand = CATALOG[idx] as (typeof CATALOG)[number];
        if (!seen.has(idx) && (!preferLiked || cand.genres.some((g) => liked.has(g)))) break;
        idx = Math.floor(rand() * CATALOG.length);
      }
      if (seen.has(idx)) continue;
      seen.add(idx);
      const it = CATALOG[idx] as (typeof CATALOG)[number];
      const affinity = it.genres.some((g) => liked.has(g)) ? 1.2 : -0.8;
      const rating = Math.max(1, Math.min(5, Math.round(3.2 + affinity + (rand() - 0.5) * 2)));
      const word = rating >= 4 ? pick(rand, GOOD) : rating <= 2 ? pick(rand, BAD) : 'decent';
      const review =
        rating >= 4
          ? `The ${it.feature} is ${word}. ${it.title} from ${it.brand} does exactly what a ${occupation} like me needs.`
          : rating <= 2
            ? `The ${it.feature} felt ${word}, so ${it.title} went back after a week.`
            : `A ${word} ${it.genres[0]} pick: the ${it.feature} is fine but nothing special.`;
      const summary =
        rating >= 4 ? `${capitalize(word)} ${it.feature}` : rating <= 2 ? `${capitalize(word)} ${it.feature}` : `Decent but plain`;
      // Some users rate several items in the same second: equal timestamps exercise the stable tie-break.
      if (rand() > 0.15) t += 3600 + Math.floor(rand() * 86400 * 5);
      inters.push([`u${u}`, `i${idx + 1}`, String(rating), String(t), review, summary].join('\t'));
    }
    clock += 3600 * 7;
  }
  return { 'sample.user': `${users.join('\n')}\n`, 'sample.item': `${items.join('\n')}\n`, 'sample.inter': `${inters.join('\n')}\n` };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
