/** Templates of the corpus tests: one seen sequential, one seen and one unseen rating template. */
import { compileSpec } from '../../../main/templates/examples';

export const specs = [
  compileSpec({
    id: '2-1',
    family: 'sequential',
    seen: true,
    answerChoices: null,
    input: 'User {{ user_id }} saw {{ history | join(", ") }}. Next?',
    target: '{{ item_title }}',
  }),
  compileSpec({
    id: '1-1',
    family: 'rating',
    seen: true,
    answerChoices: null,
    input: 'Rate {{ item_title }} for {{ user_id }}',
    target: '{{ rating }}',
  }),
  compileSpec({ id: '1-2', family: 'rating', seen: false, answerChoices: null, input: 'Unseen {{ item_title }}', target: '{{ rating }}' }),
];
