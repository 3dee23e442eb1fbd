/**
 * The 8254x's own timers (Intel 8254x SDM, section 13.4.18 ITR, 13.4.31
 * RDTR, 13.4.32 RADV, 13.4.41 TIDV, 13.4.44 TADV; the register table in
 * core/registers.ts holds each one's help text and section): the four
 * delay timers that set a cause when they expire, and the ITR window that
 * holds the line after an assertion.
 */
import { REG_BY_NAME } from '../registers';
import { defineTimer } from './descriptor';

const sdm = (name: 'RDTR' | 'RADV' | 'TIDV' | 'TADV' | 'ITR') => `SDM ${REG_BY_NAME[name].sdm}`;
const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;

export const RDTR_TIMER = defineTimer({
  key: 'RDTR',
  name: 'RDTR',
  lane: 'RDTR',
  reg: 'RDTR',
  tip: () => `RDTR (RIDV): ${REG_BY_NAME.RDTR.help}. Expiry sets RXT0. ${sdm('RDTR')}.`,
  story: (f) =>
    f.restarts > 0
      ? `RDTR expired ${f.took} after the last frame was stored at ${f.startedAt} (every stored frame restarts it; it was restarted ${times(f.restarts)} since it started at ${f.firstStartedAt})`
      : `RDTR expired ${f.took} after the frame stored at ${f.startedAt}, with no later frame to restart it`,
  role: 'delay',
  track: 'nic-timers',
});

export const RADV_TIMER = defineTimer({
  key: 'RADV',
  name: 'RADV',
  lane: 'RADV',
  reg: 'RADV',
  tip: () => `RADV: ${REG_BY_NAME.RADV.help}. Expiry sets RXT0. ${sdm('RADV')}.`,
  story: (f) => `RADV expired ${f.took} after the first frame at ${f.startedAt} started it (RADV is never restarted, so it caps the delay however many frames keep arriving)`,
  role: 'delay',
  track: 'nic-timers',
});

export const TIDV_TIMER = defineTimer({
  key: 'TIDV',
  name: 'TIDV',
  lane: 'TIDV',
  reg: 'TIDV',
  tip: () => `TIDV: ${REG_BY_NAME.TIDV.help}; restarted by each such completion. Expiry sets TXDW. ${sdm('TIDV')}.`,
  story: (f) =>
    f.restarts > 0
      ? `TIDV expired ${f.took} after the last delayed TX completion at ${f.startedAt} (restarted ${times(f.restarts)})`
      : `TIDV expired ${f.took} after the TX completion at ${f.startedAt}`,
  role: 'delay',
  track: 'nic-timers',
});

export const TADV_TIMER = defineTimer({
  key: 'TADV',
  name: 'TADV',
  lane: 'TADV',
  reg: 'TADV',
  tip: () => `TADV: ${REG_BY_NAME.TADV.help}. Expiry sets TXDW. ${sdm('TADV')}.`,
  story: (f) => `TADV expired ${f.took} after the first delayed TX completion at ${f.startedAt} started it`,
  role: 'delay',
  track: 'nic-timers',
});

/** The 8254x ITR window: the line may not assert again before it ends. */
export const ITR_TIMER = defineTimer({
  key: 'ITR',
  name: 'ITR',
  lane: 'ITR window',
  panel: 'ITR window',
  phrase: 'the ITR window',
  reg: 'ITR',
  tip: () => `ITR: ${REG_BY_NAME.ITR.help}. The window opens at each assertion; causes arriving inside it wait for its end. ${sdm('ITR')}.`,
  story: (f) => `the ITR window that opened at ${f.startedAt} ended ${f.took} later`,
  role: 'window',
  track: 'nic-timers',
});
