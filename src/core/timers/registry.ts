import { ITR_TIMER, RADV_TIMER, RDTR_TIMER, TADV_TIMER, TIDV_TIMER } from './sdm8254xTimers';
import { BH_TIMER, HOST_HOLD_TIMER, MIT_TIMER, WAKE_TIMER } from './qemuTimers';
import { NAPI_TIMER } from './kernelTimers';
import { ITR_INTRL_TIMER, RX_USECS_TIMER, TX_USECS_TIMER } from './moderationTimers';

/**
 * Every timer a model runs; a timer's id is its index here (`TimerId`,
 * timers/index.ts), so new timers go at the end. Adding one is its
 * descriptor (descriptor.ts says every field) and a line here: the Timers
 * panel, the lanes, hover, explanation, cycle breakdown and trace export
 * all derive from this list.
 */
export const TIMER_REGISTRY = [RDTR_TIMER, RADV_TIMER, TIDV_TIMER, TADV_TIMER, ITR_TIMER, MIT_TIMER, BH_TIMER, HOST_HOLD_TIMER, WAKE_TIMER, NAPI_TIMER, RX_USECS_TIMER, TX_USECS_TIMER, ITR_INTRL_TIMER] as const;
