import { definePattern } from './descriptor';

/** No frames in this direction. */
export const NONE_PATTERN = definePattern<{ pattern: 'none' }>({
  id: 'none',
  directions: ['rx', 'tx'],
  pickable: true,
  fields: [],
  initial: () => ({ pattern: 'none' }),
  arrivals: () => ({ next: () => Infinity, bytes: 64, saturate: false }),
});
