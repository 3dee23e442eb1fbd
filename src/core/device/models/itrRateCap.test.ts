import { describe, expect, it } from 'vitest';
import { runScenario } from '../../simulation';
import { testScenario, type ScenarioOverrides } from '../../testScenario';
import { RXT0, TXDW } from '../../causes';
import { alignIntrlUs, alignItrUs, itrRateCapWindowNs } from './itrRateCap';

const list = (atUs: number[]) => ({ pattern: 'list' as const, atUs, bytes: 64 });
const times = (params: Record<string, number>, o: ScenarioOverrides = {}) =>
  runScenario(testScenario({ durationUs: 2000, ...o, device: { model: 'itr-ratecap', linkGbps: 0, params } })).interrupts.map((i) => i.tUs);

describe('itr-ratecap: ice ITR (2 us steps) with the INTRL rate limit (ice_write_itr, ice_intrl_usec_to_reg)', () => {
  it('ITR is held in 2 us steps, INTRL in 4 us steps (0 = off)', () => {
    expect([alignItrUs(50), alignItrUs(51), alignItrUs(1)]).toEqual([50, 50, 0]);
    expect([alignIntrlUs(10), alignIntrlUs(3), alignIntrlUs(236)]).toEqual([8, 0, 236]);
  });

  it('a minimum interval, no packet count: the first frame interrupts at once, later ones wait for the ITR', () => {
    // rx-usecs 50: frames at 0, 1, 2, 70: 0 at once, 1-2 at 50, 70 at 100 (window restarted at 50).
    expect(times({ itrRxUsecs: 50, intrlUsecs: 0 }, { rx: list([0, 1, 2, 70]) })).toEqual([0, 50, 100]);
  });

  it('INTRL caps the rate below a short ITR: ITR 2, INTRL 10 -> at least 10 us apart (at most 100,000/s), DIM profile 0 of ice', () => {
    expect(times({ itrRxUsecs: 2, intrlUsecs: 10 }, { rx: list([0, 1, 2, 3]) })).toEqual([0, 8]); // INTRL 10 -> 8 us (4 us steps)
    expect(times({ itrRxUsecs: 2, intrlUsecs: 12 }, { rx: list([0, 1, 2, 3]) })).toEqual([0, 12]);
    expect(times({ itrRxUsecs: 2, intrlUsecs: 0 }, { rx: list([0, 1, 2, 3]) })).toEqual([0, 2, 4]);
  });

  it('the window is the ITR of the causes an interrupt carried: RX ITR for RXT0, TX ITR for TXDW, the shorter for both', () => {
    expect(itrRateCapWindowNs(50, 10, 0, RXT0)).toBe(50_000);
    expect(itrRateCapWindowNs(50, 10, 0, TXDW)).toBe(10_000);
    expect(itrRateCapWindowNs(50, 10, 0, RXT0 | TXDW)).toBe(10_000);
    expect(itrRateCapWindowNs(50, 10, 100, RXT0 | TXDW)).toBe(100_000);
  });
});
