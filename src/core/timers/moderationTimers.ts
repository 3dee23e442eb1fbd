/**
 * The timers of issue 23's device models: a completion-queue NIC's
 * rx-usecs / tx-usecs timers (device/models/framesTime.ts; the virtio
 * spec's max_usecs, mlx5's CQ period) and ice's ITR window with its INTRL
 * rate limit (device/models/itrRateCap.ts).
 */
import { defineTimer } from './descriptor';

export const RX_USECS_TIMER = defineTimer({
  key: 'RX_USECS',
  name: 'rx-usecs timer',
  lane: 'rx-usecs',
  phrase: 'the rx-usecs timer',
  tip: () =>
    'rx-usecs (ethtool -C): the RX completion queue fires rx-usecs after the first completion since the last interrupt (EQE mode) or after the last one (CQE mode: every completion restarts it), unless rx-frames completions come first.',
  story: (f) =>
    f.restarts > 0
      ? `the rx-usecs timer expired ${f.took} after the last completion at ${f.startedAt} (CQE mode: restarted ${f.restarts} times since ${f.firstStartedAt})`
      : `the rx-usecs timer expired ${f.took} after the completion at ${f.startedAt} started it`,
  role: 'delay',
  track: 'nic-timers',
});

export const TX_USECS_TIMER = defineTimer({
  key: 'TX_USECS',
  name: 'tx-usecs timer',
  lane: 'tx-usecs',
  phrase: 'the tx-usecs timer',
  tip: () => 'tx-usecs (ethtool -C): the TX completion queue fires tx-usecs after its first completion (EQE) or its last (CQE), unless tx-frames completions come first.',
  story: (f) => `the tx-usecs timer expired ${f.took} after the TX completion at ${f.startedAt}`,
  role: 'delay',
  track: 'nic-timers',
});

export const ITR_INTRL_TIMER = defineTimer({
  key: 'ITR_INTRL',
  name: 'ITR / INTRL window',
  lane: 'ITR / INTRL window',
  phrase: 'the ITR / INTRL window',
  tip: () =>
    "ice: after an interrupt, the next waits at least the ITR of the causes it carried (rx-usecs / tx-usecs, 2 µs steps) and at least the INTRL interval (rx-usecs-high, 4 µs steps, 0 = off).",
  story: (f) => `the ITR / INTRL window that opened at ${f.startedAt} ended ${f.took} later`,
  role: 'window',
  track: 'nic-timers',
});
