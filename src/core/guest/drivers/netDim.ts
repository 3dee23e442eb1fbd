/**
 * Linux's net DIM (dynamic interrupt moderation), as lib/dim/net_dim.c,
 * lib/dim/dim.c and include/linux/dim.h write it (torvalds/linux; the
 * decision logic has been the same since 4.16's net_dim.h), in integer
 * arithmetic so a run is exact:
 *
 * - The driver hands DIM a sample (time, interrupt events, packets, bytes)
 *   at each completed poll (`net_dim(dim, sample)`).
 * - START_MEASURE takes the sample as the window's start. MEASURE_IN_PROGRESS
 *   waits for DIM_NEVENTS = 64 events (u16 BIT_GAP), then computes per-ms
 *   rates (`dim_calc_stats`: DIV_ROUND_UP(n x 1000, delta_us); epms counts
 *   DIM_NEVENTS, not the events seen) and decides (`net_dim_decision`).
 * - `net_dim_stats_compare`: bytes/ms first, then packets/ms (more is
 *   BETTER), then events/ms (fewer is BETTER); a difference counts only when
 *   100 x |curr - prev| / prev > 10 (IS_SIGNIFICANT_DIFF, integer division).
 * - GOING_RIGHT / GOING_LEFT (right = more moderation): anything but BETTER
 *   turns; on top (at least 2 steps one way, then 1 back, `dim_on_top`)
 *   parks ON_TOP; a step at the edge parks ON_TOP; after
 *   NET_DIM_PARAMS_NUM_PROFILES x 2 = 10 steps it parks TIRED.
 * - ON_TOP leaves when the stats are not SAME; TIRED after 10 decisions;
 *   leaving goes left if profile_ix > 0, else right, and steps at once.
 * - prev_stats takes the window's stats unless DIM was and stays ON_TOP.
 * - A changed profile: APPLY_NEW_PROFILE until the driver's work item has
 *   programmed it (`workDone`, which sets START_MEASURE, as
 *   mlx5e_rx_dim_work / virtnet_rx_dim_work do).
 * A window of delta_us = 0 makes no decision (dim_calc_stats returns false).
 */

export const DIM_NEVENTS = 64;
export const NET_DIM_PARAMS_NUM_PROFILES = 5;
/** NET_DIM_DEF_PROFILE_EQE / _CQE: the index a driver starts from. */
export const NET_DIM_DEF_PROFILE = 1;

export const DimState = { START_MEASURE: 0, MEASURE_IN_PROGRESS: 1, APPLY_NEW_PROFILE: 2 } as const;
export type DimState = (typeof DimState)[keyof typeof DimState];
export const TuneState = { PARKING_ON_TOP: 0, PARKING_TIRED: 1, GOING_RIGHT: 2, GOING_LEFT: 3 } as const;
export type TuneState = (typeof TuneState)[keyof typeof TuneState];
export const TUNE_STATE_NAMES = ['parked on top', 'parked tired', 'going right', 'going left'] as const;
export const StatsResult = { WORSE: 0, SAME: 1, BETTER: 2 } as const;
export type StatsResult = (typeof StatsResult)[keyof typeof StatsResult];
export const STATS_RESULT_NAMES = ['worse', 'same', 'better'] as const;
const DIM_STEPPED = 0;
const DIM_TOO_TIRED = 1;
const DIM_ON_EDGE = 2;

/** One moderation profile: a timer (us) and a count (packets), or ice's (ITR, INTRL) pair in its fields. */
export interface DimProfile {
  usec: number;
  pkts: number;
}

const p = (usec: number, pkts: number): DimProfile => ({ usec, pkts });
/** net_dim.c NET_DIM_RX_EQE_PROFILES (NET_DIM_DEFAULT_RX_CQ_PKTS_FROM_EQE = 256). */
export const RX_EQE_PROFILES = [p(1, 256), p(8, 256), p(64, 256), p(128, 256), p(256, 256)] as const;
/** net_dim.c NET_DIM_RX_CQE_PROFILES. */
export const RX_CQE_PROFILES = [p(2, 256), p(8, 128), p(16, 64), p(32, 64), p(64, 64)] as const;
/** net_dim.c NET_DIM_TX_EQE_PROFILES (NET_DIM_DEFAULT_TX_CQ_PKTS_FROM_EQE = 128). */
export const TX_EQE_PROFILES = [p(1, 128), p(8, 128), p(32, 128), p(64, 128), p(128, 128)] as const;
/** net_dim.c NET_DIM_TX_CQE_PROFILES. */
export const TX_CQE_PROFILES = [p(5, 128), p(8, 64), p(16, 32), p(32, 32), p(64, 32)] as const;
/** ice_txrx.c rx_profile (cdf1f1f16917, v5.13): {ITR us, INTRL us} in usec / pkts. */
export const ICE_RX_PROFILES = [p(2, 10), p(8, 16), p(32, 0), p(96, 0), p(128, 0)] as const;
/** ice_txrx.c tx_profile. */
export const ICE_TX_PROFILES = [p(2, 10), p(8, 16), p(64, 0), p(128, 0), p(256, 0)] as const;

export interface DimSample {
  timeNs: number;
  /** u16 in the kernel: wraps at 65536. */
  eventCtr: number;
  pktCtr: number;
  byteCtr: number;
}

export interface DimStats {
  ppms: number;
  bpms: number;
  epms: number;
}

/** What one call of net_dim saw and did (the step-through view reads these). */
export interface DimStep {
  timeNs: number;
  /** Events since the window's start (u16 gap). */
  nevents: number;
  /** The window was closed and a decision made. */
  decided: boolean;
  stats: DimStats | null;
  prevStats: DimStats;
  /** The comparison (when the state compared); -1 when it did not. */
  compare: StatsResult | -1;
  tuneBefore: TuneState;
  tuneAfter: TuneState;
  ixBefore: number;
  ixAfter: number;
  /** DIM asked for a new profile (the work item runs). */
  newProfile: boolean;
}

/** A run's DIM: the table it moved through and every decision (the step-through view). */
export interface DimTrace {
  table: string;
  profiles: readonly DimProfile[];
  /** What each profile entry programs, for the view: "rx-usecs 64, rx-frames 256". */
  profileLabels: readonly string[];
  steps: readonly DimStep[];
}

/** BIT_GAP(bits, end, start): end - start modulo 2^bits. */
export const bitGap = (bits: number, end: number, start: number) => {
  const m = 2 ** bits;
  return (((end - start) % m) + m) % m;
};

/** IS_SIGNIFICANT_DIFF(val, ref): (100 x |val - ref|) / ref > 10, integer division; false for ref 0 (newer kernels). */
export const isSignificantDiff = (val: number, ref: number) => ref !== 0 && Math.floor((100 * Math.abs(val - ref)) / ref) > 10;

const divRoundUp = (n: number, d: number) => Math.floor((n + d - 1) / d);

/** dim_calc_stats: null when delta_us is 0. */
export function dimCalcStats(start: DimSample, end: DimSample): DimStats | null {
  const deltaUs = Math.trunc((end.timeNs - start.timeNs) / 1000); // ktime_us_delta
  if (deltaUs <= 0) return null;
  const npkts = bitGap(32, end.pktCtr, start.pktCtr);
  const nbytes = bitGap(32, end.byteCtr, start.byteCtr);
  return {
    ppms: divRoundUp(npkts * 1000, deltaUs),
    bpms: divRoundUp(nbytes * 1000, deltaUs),
    epms: divRoundUp(DIM_NEVENTS * 1000, deltaUs),
  };
}

/** net_dim_stats_compare. */
export function dimStatsCompare(curr: DimStats, prev: DimStats): StatsResult {
  if (!prev.bpms) return curr.bpms ? StatsResult.BETTER : StatsResult.SAME;
  if (isSignificantDiff(curr.bpms, prev.bpms)) return curr.bpms > prev.bpms ? StatsResult.BETTER : StatsResult.WORSE;
  if (!prev.ppms) return curr.ppms ? StatsResult.BETTER : StatsResult.SAME;
  if (isSignificantDiff(curr.ppms, prev.ppms)) return curr.ppms > prev.ppms ? StatsResult.BETTER : StatsResult.WORSE;
  if (!prev.epms) return StatsResult.SAME;
  if (isSignificantDiff(curr.epms, prev.epms)) return curr.epms < prev.epms ? StatsResult.BETTER : StatsResult.WORSE;
  return StatsResult.SAME;
}

/** struct dim and the functions that move it. */
export class NetDim {
  state: DimState = DimState.START_MEASURE;
  prevStats: DimStats = { ppms: 0, bpms: 0, epms: 0 };
  startSample: DimSample = { timeNs: 0, eventCtr: 0, pktCtr: 0, byteCtr: 0 };
  tuneState: TuneState = TuneState.PARKING_ON_TOP; // zero-allocated
  stepsRight = 0;
  stepsLeft = 0;
  tired = 0;

  constructor(public profileIx: number = NET_DIM_DEF_PROFILE) {}

  /** dim_on_top */
  private onTop(): boolean {
    switch (this.tuneState) {
      case TuneState.PARKING_ON_TOP:
      case TuneState.PARKING_TIRED:
        return true;
      case TuneState.GOING_RIGHT:
        return this.stepsLeft > 1 && this.stepsRight === 1;
      default:
        return this.stepsRight > 1 && this.stepsLeft === 1;
    }
  }

  /** dim_turn */
  private turn(): void {
    if (this.tuneState === TuneState.GOING_RIGHT) {
      this.tuneState = TuneState.GOING_LEFT;
      this.stepsLeft = 0;
    } else if (this.tuneState === TuneState.GOING_LEFT) {
      this.tuneState = TuneState.GOING_RIGHT;
      this.stepsRight = 0;
    }
  }

  private parkOnTop(): void {
    this.stepsRight = 0;
    this.stepsLeft = 0;
    this.tired = 0;
    this.tuneState = TuneState.PARKING_ON_TOP;
  }

  private parkTired(): void {
    this.stepsRight = 0;
    this.stepsLeft = 0;
    this.tuneState = TuneState.PARKING_TIRED;
  }

  /** net_dim_step */
  private step(): number {
    if (this.tired === NET_DIM_PARAMS_NUM_PROFILES * 2) return DIM_TOO_TIRED;
    switch (this.tuneState) {
      case TuneState.PARKING_ON_TOP:
      case TuneState.PARKING_TIRED:
        break;
      case TuneState.GOING_RIGHT:
        if (this.profileIx === NET_DIM_PARAMS_NUM_PROFILES - 1) return DIM_ON_EDGE;
        this.profileIx++;
        this.stepsRight++;
        break;
      case TuneState.GOING_LEFT:
        if (this.profileIx === 0) return DIM_ON_EDGE;
        this.profileIx--;
        this.stepsLeft++;
        break;
    }
    this.tired++;
    return DIM_STEPPED;
  }

  /** net_dim_exit_parking */
  private exitParking(): void {
    this.tuneState = this.profileIx ? TuneState.GOING_LEFT : TuneState.GOING_RIGHT;
    this.step();
  }

  /** net_dim_decision: returns the comparison made (-1: none) and whether the profile changed. */
  private decision(curr: DimStats): { compare: StatsResult | -1; changed: boolean } {
    const prevState = this.tuneState;
    const prevIx = this.profileIx;
    let compare: StatsResult | -1 = -1;
    switch (this.tuneState) {
      case TuneState.PARKING_ON_TOP:
        compare = dimStatsCompare(curr, this.prevStats);
        if (compare !== StatsResult.SAME) this.exitParking();
        break;
      case TuneState.PARKING_TIRED:
        this.tired--;
        if (!this.tired) this.exitParking();
        break;
      case TuneState.GOING_RIGHT:
      case TuneState.GOING_LEFT: {
        compare = dimStatsCompare(curr, this.prevStats);
        if (compare !== StatsResult.BETTER) this.turn();
        if (this.onTop()) {
          this.parkOnTop();
          break;
        }
        const r = this.step();
        if (r === DIM_ON_EDGE) this.parkOnTop();
        else if (r === DIM_TOO_TIRED) this.parkTired();
        break;
      }
    }
    if (prevState !== TuneState.PARKING_ON_TOP || this.tuneState !== TuneState.PARKING_ON_TOP) this.prevStats = curr;
    return { compare, changed: this.profileIx !== prevIx };
  }

  /** net_dim(dim, end_sample). */
  sample(end: DimSample): DimStep {
    const tuneBefore = this.tuneState;
    const ixBefore = this.profileIx;
    const prevStats = this.prevStats;
    const nevents = bitGap(16, end.eventCtr, this.startSample.eventCtr);
    const out: DimStep = { timeNs: end.timeNs, nevents, decided: false, stats: null, prevStats, compare: -1, tuneBefore, tuneAfter: tuneBefore, ixBefore, ixAfter: ixBefore, newProfile: false };
    if (this.state === DimState.APPLY_NEW_PROFILE) return out;
    if (this.state === DimState.MEASURE_IN_PROGRESS) {
      if (nevents < DIM_NEVENTS) return out;
      const stats = dimCalcStats(this.startSample, end);
      if (stats === null) return out;
      const d = this.decision(stats);
      Object.assign(out, { decided: true, stats, compare: d.compare, tuneAfter: this.tuneState, ixAfter: this.profileIx });
      if (d.changed) {
        this.state = DimState.APPLY_NEW_PROFILE;
        out.newProfile = true;
        return out;
      }
    }
    // START_MEASURE (or fall through after a decision that kept the profile).
    this.startSample = { ...end, eventCtr: end.eventCtr % 65536 };
    this.state = DimState.MEASURE_IN_PROGRESS;
    return out;
  }

  /** The work item programmed the profile (dim->state = DIM_START_MEASURE). */
  workDone(): void {
    this.state = DimState.START_MEASURE;
  }
}
