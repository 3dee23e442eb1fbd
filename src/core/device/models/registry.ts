import { SDM_8254X } from './sdm8254x';
import { QEMU_2012 } from './qemu2012';
import { RIZZO_2012 } from './rizzo2012';
import { QEMU_2013 } from './qemu2013';
import { HOST_TIMER } from './hostTimer';
import { QEMU_E1000E } from './qemuE1000e';
import { FRAMES_TIME } from './framesTime';
import { ITR_RATE_CAP } from './itrRateCap';

/**
 * The device models users compare, in menu order (the first is the
 * default). Adding one is its file (the model and its descriptor) and a
 * line here: everything else (index.ts, the scenario schema, menus, timer
 * lanes, the Metrics theory line, Compare, the sweep) derives from this list.
 */
export const DEVICE_MODEL_REGISTRY = [SDM_8254X, QEMU_2012, RIZZO_2012, QEMU_2013, HOST_TIMER, QEMU_E1000E, FRAMES_TIME, ITR_RATE_CAP] as const;
