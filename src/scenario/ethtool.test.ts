import { describe, expect, it } from 'vitest';
import { loadPreset } from './presets';
import { ethtoolCommand, scenarioFromEthtool } from './ethtool';
import type { Scenario } from '../core/scenario';

const preset = (id: string): Scenario => {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/** `ethtool -c` as ethtool 6.x prints it for an mlx5 port (dump_coalesce), with DIM on. */
const MLX5_OUTPUT = `Coalesce parameters for eth0:
Adaptive RX: on  TX: off
stats-block-usecs: n/a
sample-interval: n/a
pkt-rate-low: n/a
pkt-rate-high: n/a

rx-usecs: 8
rx-frames: 128
rx-usecs-irq: n/a
rx-frames-irq: n/a

tx-usecs: 16
tx-frames: 32
tx-usecs-irq: n/a
tx-frames-irq: n/a

rx-usecs-low: n/a
rx-frame-low: n/a
tx-usecs-low: n/a
tx-frame-low: n/a

rx-usecs-high: n/a
rx-frame-high: n/a
tx-usecs-high: n/a
tx-frame-high: n/a

CQE mode RX: on  TX: off
`;

describe('ethtool -C / ethtool -c', () => {
  it('prints a frames+time scenario as the ethtool -C command that sets it', () => {
    expect(ethtoolCommand(preset('frames-time-cqe'))).toEqual({
      ok: true,
      value: 'ethtool -C eth0 adaptive-rx off rx-usecs 16 rx-frames 32 tx-usecs 16 tx-frames 32 cqe-mode-rx on cqe-mode-tx off',
    });
    expect(ethtoolCommand(preset('ice-itr-intrl'), 'ens1f0')).toEqual({ ok: true, value: 'ethtool -C ens1f0 adaptive-rx off rx-usecs 50 tx-usecs 50 rx-usecs-high 0' });
  });

  it('a model without ethtool settings gets a one-line error naming the field and the models that have them', () => {
    const r = ethtoolCommand(preset('default'));
    expect(r).toEqual({
      ok: false,
      error: 'device.model: "8254x" has no ethtool -C settings (its delay registers come from the driver\'s parameters); one of "frames-time", "itr-ratecap" has',
    });
  });

  it('reads a pasted ethtool -c into the scenario: settings, CQE mode and Adaptive RX', () => {
    const r = scenarioFromEthtool(MLX5_OUTPUT, preset('default'));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.device.model).toBe('frames-time');
    expect(r.value.device.params).toMatchObject({ cqRxUsecs: 8, cqRxFrames: 128, cqTxUsecs: 16, cqTxFrames: 32, cqRxCqeMode: 1, cqTxCqeMode: 0 });
    expect(r.value.guest.driver).toBe('linux-dim');
    expect(r.value.guest.params.adaptiveRx).toBe(1);
    // And back: the command sets what was read.
    expect(ethtoolCommand(r.value)).toEqual({ ok: true, value: 'ethtool -C eth0 adaptive-rx on rx-usecs 8 rx-frames 128 tx-usecs 16 tx-frames 32 cqe-mode-rx on cqe-mode-tx off' });
  });

  it('an ice-style output (rx-usecs, rx-usecs-high, no frames) picks the ITR + rate cap model', () => {
    const r = scenarioFromEthtool('Adaptive RX: off  TX: off\nrx-usecs: 62\nrx-frames: n/a\ntx-usecs: 50\nrx-usecs-high: 20\n', preset('default'));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.device.model).toBe('itr-ratecap');
    expect(r.value.device.params).toMatchObject({ itrRxUsecs: 62, itrTxUsecs: 50, intrlUsecs: 20 });
    expect(r.value.guest.params.adaptiveRx).toBe(0);
  });

  it('bad values get one line naming the line, the setting, the value and the range', () => {
    const base = preset('frames-time-eqe');
    expect(scenarioFromEthtool('rx-usecs: 5000\n', base)).toEqual({ ok: false, error: 'ethtool -c line 1: rx-usecs: 5000 is out of range (integer 0..4095 us)' });
    expect(scenarioFromEthtool('rx-usecs: 8\nrx-frames: lots\n', base)).toEqual({ ok: false, error: 'ethtool -c line 2: rx-frames: "lots" is not an integer (integer 0..65535 frames)' });
    expect(scenarioFromEthtool('CQE mode RX: maybe  TX: off\n', base)).toEqual({ ok: false, error: 'ethtool -c line 1: cqe-mode-rx: "maybe" is not allowed (on or off)' });
    expect(scenarioFromEthtool('hello\n', base)).toEqual({
      ok: false,
      error: 'ethtool -c: no coalesce setting of frames-time found (expected lines such as "rx-usecs: 8"; rx-usecs, rx-frames, tx-usecs, tx-frames, cqe-mode-rx, cqe-mode-tx)',
    });
  });
});
