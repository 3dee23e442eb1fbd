import { describe, expect, it } from 'vitest';
import { DIM_NEVENTS, DimState, NetDim, StatsResult, TuneState, dimCalcStats, dimStatsCompare, isSignificantDiff, type DimStep } from './netDim';

/**
 * A driver feeding DIM synthetic polls: each window is 64 events and 1 ms
 * (1000 us), 1000 packets, and the given bytes; after a new profile the
 * work item runs (workDone) and the next poll starts the measurement.
 */
function harness(startIx = 1) {
  const dim = new NetDim(startIx);
  let t = 0;
  let events = 0;
  let packets = 0;
  let bytes = 0;
  const poll = () => dim.sample({ timeNs: t, eventCtr: events % 65536, pktCtr: packets, byteCtr: bytes });
  return {
    dim,
    /** One window with `bpms` bytes per ms (and 1000 packets per ms): the decision step. */
    window(bpms: number, ppms = 1000): DimStep {
      if (dim.state === DimState.START_MEASURE) poll();
      t += 1_000_000;
      events += DIM_NEVENTS;
      packets += ppms;
      bytes += bpms;
      const step = poll();
      if (step.newProfile) dim.workDone();
      return step;
    },
  };
}

const trace = (steps: DimStep[]) => steps.map((s) => [s.compare, s.tuneAfter, s.ixAfter, s.newProfile]);
const { WORSE, SAME, BETTER } = StatsResult;
const { PARKING_ON_TOP: TOP, PARKING_TIRED: TIRED, GOING_RIGHT: RIGHT, GOING_LEFT: LEFT } = TuneState;

describe('net_dim (lib/dim/net_dim.c, dim.c, include/linux/dim.h), traces worked out by hand', () => {
  it('dim_calc_stats: DIV_ROUND_UP(n x 1000, delta_us); epms counts DIM_NEVENTS; delta_us 0 makes no stats', () => {
    const start = { timeNs: 0, eventCtr: 0, pktCtr: 0, byteCtr: 0 };
    expect(dimCalcStats(start, { timeNs: 3_000_999, eventCtr: 70, pktCtr: 1000, byteCtr: 64_001 })).toEqual({ ppms: 334, bpms: 21_334, epms: 22 });
    expect(dimCalcStats(start, { timeNs: 999, eventCtr: 64, pktCtr: 1, byteCtr: 1 })).toBeNull();
  });

  it('IS_SIGNIFICANT_DIFF: more than 10 %, integer division (110 vs 100 is SAME, 111 is not)', () => {
    expect(isSignificantDiff(110, 100)).toBe(false);
    expect(isSignificantDiff(111, 100)).toBe(true);
    expect(isSignificantDiff(89, 100)).toBe(true); // 100 x 11 / 100 = 11
    expect(isSignificantDiff(90, 100)).toBe(false);
  });

  it('dim_stats_compare: bytes first, then packets (more is better), then events (fewer is better)', () => {
    expect(dimStatsCompare({ bpms: 120, ppms: 1, epms: 99 }, { bpms: 100, ppms: 9, epms: 1 })).toBe(BETTER);
    expect(dimStatsCompare({ bpms: 80, ppms: 99, epms: 1 }, { bpms: 100, ppms: 9, epms: 9 })).toBe(WORSE);
    expect(dimStatsCompare({ bpms: 100, ppms: 120, epms: 9 }, { bpms: 100, ppms: 100, epms: 1 })).toBe(BETTER);
    expect(dimStatsCompare({ bpms: 100, ppms: 100, epms: 50 }, { bpms: 100, ppms: 100, epms: 64 })).toBe(BETTER);
    expect(dimStatsCompare({ bpms: 100, ppms: 100, epms: 64 }, { bpms: 100, ppms: 100, epms: 64 })).toBe(SAME);
    expect(dimStatsCompare({ bpms: 5, ppms: 1, epms: 1 }, { bpms: 0, ppms: 0, epms: 0 })).toBe(BETTER);
  });

  it('no decision before 64 events', () => {
    const dim = new NetDim(1);
    dim.sample({ timeNs: 0, eventCtr: 0, pktCtr: 0, byteCtr: 0 });
    expect(dim.sample({ timeNs: 5_000_000, eventCtr: 63, pktCtr: 900, byteCtr: 1 }).decided).toBe(false);
    expect(dim.sample({ timeNs: 6_000_000, eventCtr: 64, pktCtr: 1000, byteCtr: 2 }).decided).toBe(true);
  });

  it('steps right while BETTER, turns on SAME, and parks on top after an overshoot (2+ steps right, 1 back, BETTER)', () => {
    const h = harness(1);
    const steps = [
      h.window(64_000), // D1: parked on top, prev 0 -> BETTER: leave going left (ix 1 > 0): ix 0
      h.window(64_000), // D2: SAME -> turn right; not on top (steps_left 1 is not > 1): ix 1
      h.window(80_000), // D3: +25 % BETTER: ix 2 (steps_right 1 -> 2)
      h.window(96_000), // D4: +20 % BETTER: ix 3 (steps_right 3)
      h.window(90_000), // D5: -6 % bytes, same packets and events: SAME -> turn left: ix 2 (steps_left 1)
      h.window(100_000), // D6: +11 % BETTER, going left with steps_right 3 > 1 and steps_left 1: on top, park at ix 2
      h.window(100_000), // D7: parked, SAME: stays
    ];
    expect(trace(steps)).toEqual([
      [BETTER, LEFT, 0, true],
      [SAME, RIGHT, 1, true],
      [BETTER, RIGHT, 2, true],
      [BETTER, RIGHT, 3, true],
      [SAME, LEFT, 2, true],
      [BETTER, TOP, 2, false],
      [SAME, TOP, 2, false],
    ]);
    // D7 kept prev_stats (parked and still parked): the reference is D6's 100,000 B/ms.
    expect(h.dim.prevStats.bpms).toBe(100_000);
    // A WORSE window (-20 %) leaves the park going left (ix 2 > 0): ix 1.
    expect(trace([h.window(80_000)])).toEqual([[WORSE, LEFT, 1, true]]);
  });

  it('parks on top at an edge: going left from ix 0 is DIM_ON_EDGE', () => {
    const h = harness(1);
    h.window(64_000); // D1: -> left, ix 0
    expect(trace([h.window(80_000)])).toEqual([[BETTER, TOP, 0, false]]);
  });

  it('tired: after 10 steps (NET_DIM_PARAMS_NUM_PROFILES x 2) it parks for 10 decisions, then leaves', () => {
    const h = harness(1);
    const steps = Array.from({ length: 22 }, () => h.window(64_000)); // every window SAME after the first
    // D1..D10 step (ix 0,1,0,1,...), tired counts 1..10; D11 turns and finds tired == 10: parks tired at ix 1.
    expect(steps.slice(0, 10).map((s) => s.ixAfter)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(trace([steps[10]])).toEqual([[SAME, TIRED, 1, false]]);
    // D12..D20: tired 9..1, no comparison made.
    for (const s of steps.slice(11, 20)) expect([s.compare, s.tuneAfter, s.ixAfter]).toEqual([-1, TIRED, 1]);
    // D21: tired reaches 0: leave going left (ix 1 > 0), step to 0.
    expect(trace([steps[20]])).toEqual([[-1, LEFT, 0, true]]);
  });

  it('while a new profile is being applied, samples are ignored; the work item restarts measuring', () => {
    const dim = new NetDim(1);
    dim.sample({ timeNs: 0, eventCtr: 0, pktCtr: 0, byteCtr: 0 });
    expect(dim.sample({ timeNs: 1_000_000, eventCtr: 64, pktCtr: 10, byteCtr: 640 }).newProfile).toBe(true);
    expect(dim.state).toBe(DimState.APPLY_NEW_PROFILE);
    expect(dim.sample({ timeNs: 9_000_000, eventCtr: 999, pktCtr: 10, byteCtr: 640 }).decided).toBe(false);
    dim.workDone();
    expect(dim.state).toBe(DimState.START_MEASURE);
  });
});
