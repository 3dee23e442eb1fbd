/**
 * Content: the guided lessons, in order. Each is a scenario, narration with
 * placeholders and the claims the narration makes; the code that checks and
 * renders them is src/scenario/lessons.ts (see its header for the
 * placeholders), and lessons.test.ts runs every claim.
 */
import type { Lesson } from '../scenario/lessons';
import type { ScenarioInput } from '../scenario/schema';
import { LINUX_E1000_DEFAULTS } from '../core';
import { BURSTY_RX } from './presets';

function lesson(l: Omit<Lesson, 'scenario'> & { scenario: Omit<ScenarioInput, 'v' | 'name'> }): Lesson {
  return { ...l, scenario: { v: 1, name: `Lesson: ${l.title}`, ...l.scenario } };
}

/** Instants `start, start + step, ...` (n of them), rounded to the ns. */
function every(n: number, startUs: number, stepUs: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round((startUs + i * stepUs) * 1000) / 1000);
}

/** Twenty frames five microseconds apart: closer together than RDTR 8 (8.192 us). */
const STEADY_RX = every(20, 10, 5);

/** Light traffic, a heavy burst of full-size frames, light again (lesson 9): four frames alone on each side, so Play shows all three phases in one window. */
const LIGHT_HEAVY_LIGHT = [...every(4, 2500, 400), ...every(1200, 4000, 2.5), ...every(4, 7100, 400)];

export const LESSONS: readonly Lesson[] = [
  lesson({
    id: 'per-frame-cost',
    title: 'One interrupt per frame, and what it costs',
    scenario: {
      durationUs: 2000,
      device: { model: 'qemu-2012' },
      guest: { driver: 'linux-e1000', kernel: '3.5', costs: 'kvm-2012', params: { ...LINUX_E1000_DEFAULTS } },
      traffic: { tx: { pattern: 'saturate', bytes: 64 } },
    },
    narration: [
      'QEMU before 2012 (device model qemu-2012) raised every cause at once: each frame the guest sends ends in its own interrupt. A Linux guest sends small frames as fast as it can, under KVM as it cost in 2012 (kvm-2012).',
      'In {scenario:durationUs|ms} ms the guest sends {tx} frames and takes {irq} interrupts, one every {gap} µs. Every register access is a VM exit: the TDT write that sends a frame, then the interrupt\'s ICR read, IMC write, STATUS reads and IMS write. That is {exits} exits, {exitsPerFrame} per frame.',
      'The vCPU is busy {cpu} % of the time, so the interrupt path, not the wire, sets the rate: {pps} frames/s. Most of each frame\'s cost is its interrupt.',
    ],
    lookFor: 'Timeline: one Interrupts tick per TX frame, and the Guest vCPU lane never idle. Metrics: frames per interrupt stays at one.',
    claims: [
      { id: 'tx', metric: 'txFrames', equals: 34 },
      { id: 'irq', metric: 'interrupts', equals: 34 },
      { id: 'gap', metric: 'evenGapUs', equals: 60.006, tolerance: 0.0005 },
      { id: 'exits', metric: 'exits', equals: 199 },
      { id: 'exitsPerFrame', metric: 'exitsPerFrame', equals: 5.85, tolerance: 0.005 },
      { id: 'cpu', metric: 'guestCpuPct', equals: 100 },
      { id: 'pps', metric: 'txPps', equals: 17000 },
    ],
    playback: { speedNsPerSec: 50_000, viewUs: [0, 300], follow: true },
    questions: [
      {
        step: 1,
        kind: 'number',
        prompt: 'Every register access the guest makes is a VM exit: sending a frame, and handling its interrupt. On average, how many VM exits does one frame cost?',
        pauseUs: 120,
        answer: 'exitsPerFrame',
        tolerance: 0.5,
        reveal: 'The TDT write that sends the frame, then the interrupt: ICR read, IMC write, STATUS reads, IMS write. {exitsPerFrame} exits per frame, {exits} in the whole run.',
      },
    ],
  }),
  lesson({
    id: 'rdtr-starved',
    title: 'The RDTR packet timer, and how steady traffic starves it',
    scenario: {
      durationUs: 200,
      device: { model: '8254x', regs: { RDTR: 8, RADV: 0 } },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'list', atUs: STEADY_RX } },
    },
    narration: [
      'RDTR, the receive packet timer, waits for a quiet moment: it is restarted every time a frame is stored, and only when it runs out does the NIC set RXT0 and interrupt. The guest here is ideal (free), so only the device decides.',
      'RDTR is {scenario:device.regs.RDTR} ({scenario:device.regs.RDTR|us} µs) and RADV is off. {scenario:traffic.rx.atUs|count} frames arrive {scenario:traffic.rx.atUs|spacing} µs apart, closer than the timer: each one restarts it, so it never expires while they keep coming. The NIC raises {irq} interrupt in all, at {times} µs, just after the last frame, and the first frame waited {maxLat} µs.',
      'With RDTR {scenario@rdtr0:device.regs.RDTR} there is no delay at all: the same frames raise {noDelayIrq} interrupts, one per frame. A packet timer alone saves interrupts only when traffic has gaps; steady traffic starves it.',
    ],
    lookFor: 'Delay timers: the RDTR bar jumps back to full at every frame; the Interrupts lane stays empty until the train ends.',
    claims: [
      { id: 'irq', metric: 'interrupts', equals: 1 },
      { id: 'times', interruptTimesUs: [113.192] },
      { id: 'maxLat', metric: 'latencyMaxUs', equals: 103.192 },
      { id: 'noDelayIrq', variant: 'rdtr0', metric: 'interrupts', equals: 20 },
    ],
    variants: [{ id: 'rdtr0', label: 'RDTR 0: no delay', patch: { device: { regs: { RDTR: 0 } } } }],
    playback: { speedNsPerSec: 20_000, viewUs: [0, 200], follow: true },
    questions: [
      {
        step: 1,
        kind: 'instant',
        prompt: 'Frames keep arriving, closer together than RDTR. When will the first interrupt fire? Click the timeline where you expect it.',
        pauseUs: 60,
        answer: 'times',
        tolerance: 3,
        reveal: 'Every frame restarts RDTR, so it can only run out after the last frame of the train: the interrupt comes at {times} µs, RDTR ({scenario:device.regs.RDTR|us} µs) after it.',
      },
      {
        // A drawn question: each student's seed picks RDTR; the answer is a run of the core on that scenario.
        step: 2,
        kind: 'instant',
        prompt: 'Your own case: the same frames, {scenario:traffic.rx.atUs|spacing} µs apart, but RDTR is {param:rdtr} ({param:rdtr|us} µs). When does the first interrupt fire? Type it in µs.',
        pauseUs: 0,
        answer: 'times',
        tolerance: 1,
        params: [{ name: 'rdtr', path: 'device.regs.RDTR', min: 1, max: 12 }],
        reveal: 'The simulator ran your case. A timer shorter than the gap between frames ({param:rdtr|us} µs against {scenario:traffic.rx.atUs|spacing} µs) runs out after the first frame; a longer one is restarted by every frame and waits for the end of the train.',
      },
    ],
  }),
  lesson({
    id: 'radv-bound',
    title: 'RADV: the absolute bound',
    scenario: {
      durationUs: 200,
      device: { model: '8254x', regs: { RDTR: 8, RADV: 16 } },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'list', atUs: STEADY_RX } },
    },
    narration: [
      'RADV is the receive absolute timer: the first frame stored after an interrupt starts it, and later frames do not restart it. Whichever of RDTR and RADV expires first sets RXT0.',
      'Same train of frames, RDTR {scenario:device.regs.RDTR} and now RADV {scenario:device.regs.RADV} ({scenario:device.regs.RADV|us} µs): {irq} interrupts, at {times} µs. Each is RADV after the first frame that followed the previous interrupt.',
      'No frame waits longer than RADV: the longest latency is {maxLat} µs. RDTR alone left the first frame waiting for the whole train.',
    ],
    lookFor: 'Delay timers: the RADV bar runs down without restarting while RDTR restarts at every frame; each interrupt lands where RADV reaches zero.',
    claims: [
      { id: 'irq', metric: 'interrupts', equals: 5 },
      { id: 'times', interruptTimesUs: [26.384, 46.384, 66.384, 86.384, 106.384] },
      { id: 'maxLat', metric: 'latencyMaxUs', equals: 16.384 },
    ],
    playback: { speedNsPerSec: 20_000, viewUs: [0, 130], follow: true },
  }),
  lesson({
    id: 'itr-cap',
    title: 'ITR: a cap on the interrupt rate',
    scenario: {
      durationUs: 1000,
      device: { model: '8254x', regs: { RDTR: 0, RADV: 0, ITR: 195 } },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'constant', pps: 100_000 } },
    },
    narration: [
      'The delay timers decide when a cause enters ICR; ITR decides when the line may go up. It guarantees a minimum interval between two assertions, in units of {unit:ITR}, and a cause that arrives inside the interval waits for its end.',
      'Here RDTR is {scenario:device.regs.RDTR}, so every frame sets RXT0 at once, and {scenario:traffic.rx.pps} frames/s arrive. ITR {scenario:device.regs.ITR} means {scenario:device.regs.ITR|us} µs between interrupts, at most {scenario:device.regs.ITR|rate} per second.',
      'The run shows {irq} interrupts in {scenario:durationUs|ms} ms, never closer than {gap} µs. Without ITR the same traffic raises {noItrIrq}, one per frame. The price is latency: a frame now waits up to {maxLat} µs.',
    ],
    lookFor: 'Timeline: the ITR window lane opens at each interrupt; RX frames inside it wait, then go up together at its end.',
    claims: [
      { id: 'irq', metric: 'interrupts', equals: 21 },
      { id: 'gap', metric: 'minGapUs', equals: 49.92, tolerance: 0.0005 },
      { id: 'maxLat', metric: 'latencyMaxUs', equals: 49.84, tolerance: 0.0005 },
      { id: 'noItrIrq', variant: 'no-itr', metric: 'interrupts', equals: 101 },
    ],
    variants: [{ id: 'no-itr', label: 'ITR 0: no throttling', patch: { device: { regs: { ITR: 0 } } } }],
    playback: { speedNsPerSec: 50_000, viewUs: [0, 300], follow: true },
    questions: [
      {
        step: 2,
        kind: 'number',
        prompt: 'Every frame sets RXT0 at once, but ITR holds the line down between interrupts. How many interrupts will the whole run raise?',
        pauseUs: 100,
        answer: 'irq',
        tolerance: 2,
        reveal: 'ITR lets one interrupt through every {scenario:device.regs.ITR|us} µs; the run lasts {scenario:durationUs|ms} ms, so {irq} interrupts instead of {noItrIrq}.',
      },
    ],
  }),
  lesson({
    id: 'tx-ide',
    title: 'TX: TIDV, TADV and the IDE bit',
    scenario: {
      durationUs: 200,
      device: { model: '8254x', regs: { TIDV: 8, TADV: 32 } },
      guest: { driver: 'ideal' },
      traffic: { tx: { pattern: 'list', atUs: STEADY_RX } },
    },
    narration: [
      'Transmit completions have the same pair of timers. TIDV restarts at every completed descriptor, TADV bounds the wait from the first one. They apply only to descriptors whose command has both RS (report status) and IDE (interrupt delay enable); a descriptor with RS and no IDE raises TXDW at once.',
      'The driver sets IDE when TIDV is not zero. With TIDV {scenario:device.regs.TIDV} and TADV {scenario:device.regs.TADV} ({scenario:device.regs.TADV|us} µs), {scenario:traffic.tx.atUs|count} frames sent {scenario:traffic.tx.atUs|spacing} µs apart keep restarting TIDV, and TADV cuts in: {irq} interrupts, at {times} µs.',
      'With TIDV {scenario@no-ide:device.regs.TIDV} the driver leaves IDE off, and the same frames raise {noIdeIrq} interrupts: one per frame, whatever TADV says.',
    ],
    lookFor: 'Timeline: the TADV lane starts at the first TX frame and is never restarted; TXDW and the interrupt come when it ends.',
    claims: [
      { id: 'irq', metric: 'interrupts', equals: 3 },
      { id: 'times', interruptTimesUs: [43.44, 78.44, 113.44] },
      { id: 'noIdeIrq', variant: 'no-ide', metric: 'interrupts', equals: 20 },
    ],
    variants: [{ id: 'no-ide', label: 'TIDV 0: no IDE bit', patch: { device: { regs: { TIDV: 0 } } } }],
    playback: { speedNsPerSec: 20_000, viewUs: [0, 130], follow: true },
  }),
  lesson({
    id: 'rxdmt0',
    title: 'RXDMT0: when the RX ring runs low',
    scenario: {
      durationUs: 300,
      device: { model: '8254x', rxRing: 16, rdmts: '1/2', regs: { RDTR: 100, RADV: 0 } },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'list', atUs: every(12, 10, 2) } },
    },
    narration: [
      'Delay timers save interrupts but hold frames in the ring. If the ring fills, frames are dropped (RXO). So the NIC has an immediate cause: RXDMT0, set when the free receive descriptors fall to the threshold RDMTS, a fraction of the ring.',
      'The ring has {scenario:device.rxRing} descriptors and RDMTS is {scenario:device.rdmts}. RDTR is long, {scenario:device.regs.RDTR|us} µs, and {scenario:traffic.rx.atUs|count} frames arrive {scenario:traffic.rx.atUs|spacing} µs apart. The first interrupt comes at {first} µs with cause {cause}: the ring ran low long before RDTR would have fired.',
      'The driver refills the ring, and the remaining frames wait for RDTR: {irq} interrupts in all, at {times} µs, and no frame dropped ({drops}). With a ring of {scenario@big-ring:device.rxRing} descriptors the threshold is never reached: {bigIrq} interrupt.',
    ],
    lookFor: 'RX ring: the hardware-owned slots shrink towards the threshold; ICR shows RXDMT0 set while RXT0 is still clear.',
    claims: [
      { id: 'irq', metric: 'interrupts', equals: 2 },
      { id: 'times', interruptTimesUs: [22, 134.4] },
      { id: 'first', interruptTimesUs: [22], window: { fromUs: 0, toUs: 100 } },
      { id: 'cause', interrupt: 0, causes: ['RXDMT0'] },
      { id: 'drops', metric: 'rxDropped', equals: 0 },
      { id: 'bigIrq', variant: 'big-ring', metric: 'interrupts', equals: 1 },
    ],
    variants: [{ id: 'big-ring', label: 'A 256-descriptor ring', patch: { device: { rxRing: 256 } } }],
    playback: { speedNsPerSec: 20_000, viewUs: [0, 150], follow: true },
    questions: [
      {
        step: 1,
        kind: 'choice',
        prompt: 'Frames pour into a small ring while RDTR waits a long time. Which cause will raise the first interrupt?',
        pauseUs: 15,
        answer: 'cause',
        choices: ['RXT0', 'RXDMT0', 'RXO', 'TXDW'],
        reveal: 'The free descriptors fell to the threshold ({scenario:device.rdmts} of the ring) long before RDTR ran out: {cause}, at {first} µs, and nothing was dropped.',
      },
    ],
  }),
  lesson({
    id: 'rizzo-worst-case',
    title: 'The 2012 heuristic and its 10 ms worst case',
    scenario: {
      durationUs: 12_000,
      device: { model: 'rizzo-2012' },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'list', atUs: [100, 200, 300] } },
    },
    narration: [
      'The 2012 patch (rizzo-2012) ignores the delay registers. It counts frames since the last interrupt: the first one is raised at once, later ones wait for a QEMU bottom half that raises everything pending. A bottom half runs at the host\'s next idle main-loop iteration, and QEMU bounds that wait at {scenario:device.params.rizzoBottomHalfUs|ms} ms; this lesson uses the bound, the worst case.',
      '{scenario:traffic.rx.atUs|count} frames arrive, at {scenario:traffic.rx.atUs} µs. The first is raised at once, the other two wait: {irq} interrupts, at {times} µs. The second frame waited {maxLat} µs, far longer than any delay timer in the 8254x lessons.',
      'On a busy host the bottom half runs much sooner. With {scenario@bh100:device.params.rizzoBottomHalfUs} µs (a main loop woken often) the interrupts come at {bhTimes} µs. The patch is quick when QEMU is busy and can be slow when it is idle.',
    ],
    lookFor: 'Timeline: the QEMU bottom half lane starts at the second frame and runs for the whole window before the interrupt.',
    claims: [
      { id: 'irq', metric: 'interrupts', equals: 2 },
      { id: 'times', interruptTimesUs: [100, 10200] },
      { id: 'maxLat', metric: 'latencyMaxUs', equals: 10000 },
      { id: 'bhTimes', variant: 'bh100', interruptTimesUs: [100, 300] },
    ],
    variants: [{ id: 'bh100', label: 'Bottom half after 100 µs', patch: { device: { params: { rizzoBottomHalfUs: 100 } } } }],
    playback: { speedNsPerSec: 2_000_000, viewUs: [0, 11_000], follow: true },
  }),
  lesson({
    id: 'qemu2013-floor',
    title: 'QEMU 2013 and the 128 µs floor',
    scenario: {
      durationUs: 2000,
      device: { model: 'qemu-2013', regs: { RDTR: 8, RADV: 8, ITR: 195 } },
      guest: { driver: 'ideal' },
      traffic: { rx: { pattern: 'constant', pps: 100_000 } },
    },
    narration: [
      'What QEMU merged in 2013 (qemu-2013) has one timer. The first cause after a quiet spell interrupts at once and opens a window; causes inside the window wait for its end. The window is the smallest of four times TADV, four times RADV and ITR, all read in units of {unit:ITR}, but it is never shorter than a fixed floor.',
      'The guest asks for RADV {scenario:device.regs.RADV} ({scenario:device.regs.RADV|us} µs) and ITR {scenario:device.regs.ITR} ({scenario:device.regs.ITR|us} µs). With {scenario:traffic.rx.pps} frames/s arriving, the interrupts come exactly {gap} µs apart: the floor wins, at most {gap|perSec} interrupts per second, and frames wait up to {maxLat} µs.',
      'The real 8254x with the same registers honours ITR: interrupts {hwGap} µs apart ({hwGap|perSec} per second), and frames wait at most {hwMaxLat} µs.',
    ],
    lookFor: 'Timeline: the QEMU window lane is the same length after every interrupt, whatever RADV and ITR say.',
    claims: [
      { id: 'gap', metric: 'evenGapUs', equals: 128 },
      { id: 'maxLat', metric: 'latencyMaxUs', equals: 126 },
      { id: 'hwGap', variant: '8254x', metric: 'evenGapUs', equals: 49.92, tolerance: 0.0005 },
      { id: 'hwMaxLat', variant: '8254x', metric: 'latencyMaxUs', equals: 48.112, tolerance: 0.0005 },
    ],
    variants: [{ id: '8254x', label: 'The 8254x (SDM) instead', patch: { device: { model: '8254x' } } }],
    playback: { speedNsPerSec: 100_000, viewUs: [0, 600], follow: true },
    questions: [
      {
        step: 1,
        kind: 'number',
        prompt: 'The guest asks for a short RADV and ITR. How many µs apart will the interrupts come?',
        pauseUs: 200,
        answer: 'gap',
        tolerance: 5,
        reveal: 'Neither register wins: the window never goes below QEMU\'s floor, so the interrupts come {gap} µs apart, whatever RADV and ITR say.',
      },
    ],
  }),
  lesson({
    id: 'linux-dynamic-itr',
    title: "Linux's dynamic ITR adapting to load",
    scenario: {
      durationUs: 8600,
      device: { model: '8254x', linkGbps: 10 },
      guest: { driver: 'linux-e1000', costs: 'bare-metal', params: { ...LINUX_E1000_DEFAULTS } },
      traffic: { rx: { pattern: 'list', atUs: LIGHT_HEAVY_LIGHT, bytes: 1518 } },
    },
    narration: [
      'Linux does not leave ITR fixed. With InterruptThrottleRate {scenario:guest.params.InterruptThrottleRate} (its default, dynamic conservative) the driver classifies the traffic after every poll from the packets and bytes it handled, and rewrites ITR: a low-latency class for light traffic, a bulk class for streams of big frames.',
      'Full-size frames on a fast link: a few alone, then a dense burst, then a few alone again. In the light phase before {light1.window.to} µs each frame gets its own interrupt ({light1} of them).',
      'When the burst starts, the first interrupts come {heavyMin} µs apart (about {heavyMin|perSec} per second); once the driver has seen the bytes pile up, it drops to the bulk class. From then on the timeline shows not one gap but a three-beat rhythm: {rhythm} µs, over and over, one round every {rhythm.period} µs. The whole burst costs {heavy} interrupts; afterwards, light traffic again gets one interrupt per frame ({light2}).',
      'Why three beats? After a long bulk window the poll has counted a great many frames, and the driver reads a stream of many packets as latency-sensitive: it asks for the low-latency class. It lowers the rate at once but raises it only a quarter of the way per poll, so it gets about {stepGap|perSec} interrupts per second, {stepGap} µs. The next poll sees big frames and falls straight back to bulk ({heavyMax} µs, about {heavyMax|perSec} per second); the one after the short window has counted too few frames to leave bulk, so bulk holds for one more window. A new ITR takes effect from the next interrupt on, which is why the short gap comes one interrupt after the poll that chose it.',
    ],
    lookFor: 'Timeline: interrupts start close together, then settle into long, long, short: watch the ITR window lane change length with each new ITR.',
    claims: [
      { id: 'light1', metric: 'interrupts', window: { fromUs: 0, toUs: 4000 }, equals: 4 },
      { id: 'heavy', metric: 'interrupts', window: { fromUs: 4000, toUs: 7100 }, equals: 17 },
      { id: 'heavyMin', metric: 'minGapUs', window: { fromUs: 4000, toUs: 7100 }, equals: 49.92, tolerance: 0.0005 },
      { id: 'heavyMax', metric: 'maxGapUs', window: { fromUs: 4000, toUs: 7100 }, equals: 249.856, tolerance: 0.0005 },
      { id: 'rhythm', gapPatternUs: [249.856, 249.856, 111.104], window: { fromUs: 4090, toUs: 7100 } },
      { id: 'stepGap', metric: 'minGapUs', window: { fromUs: 4300, toUs: 7100 }, equals: 111.104, tolerance: 0.0005 },
      { id: 'afterTwo', interruptTimesUs: [4710.656], window: { fromUs: 4650, toUs: 4800 } },
      { id: 'light2', metric: 'interrupts', window: { fromUs: 7100, toUs: 8600 }, equals: 4 },
    ],
    // Play covers all three phases the narration tells (light, burst, light), at one window: 6.2 ms in 6.2 s.
    playback: { speedNsPerSec: 1_000_000, viewUs: [2400, 8600], follow: false, startUs: 2400 },
    questions: [
      {
        step: 2,
        kind: 'instant',
        prompt: 'The burst is on and the driver has gone to the bulk class: two gaps of {heavyMax} µs in a row. When will the next interrupt fire? Click the timeline.',
        pauseUs: 4650,
        answer: 'afterTwo',
        tolerance: 20,
        reveal: 'Not another {heavyMax} µs: the next one comes at {afterTwo} µs, only {stepGap} µs later. Read on for why.',
      },
    ],
  }),
  lesson({
    id: 'magic-five',
    title: "The patch's magic 5 meets the guest driver",
    scenario: {
      durationUs: 40_000,
      device: { model: 'rizzo-2012', params: { rizzoBottomHalfUs: 10_000 } },
      guest: { driver: 'freebsd-lem', costs: 'kvm-2012' },
      traffic: { tx: { pattern: 'saturate', bytes: 64 } },
    },
    narration: [
      'The 2012 patch (rizzo-2012) sends the first few frames after an interrupt at once; later ones wait in the ring. It interrupts at once only when the guest has handed over the ring\'s {scenario:device.txRing} descriptors less {scenario:device.params.rizzoRingSlack} since the last interrupt: the magic {scenario:device.params.rizzoRingSlack} a reviewer asked about. Otherwise the interrupt is left to QEMU\'s bottom half, here {scenario:device.params.rizzoBottomHalfUs|ms} ms away, as on an idle KVM host in 2012.',
      'A FreeBSD lem guest (the driver for the NIC that QEMU emulates) takes one descriptor per packet, reclaims finished ones in its own transmit path and stops only when the ring is nearly full, so it gets there: the patch raises at once, the guest cleans the ring and starts again. The cycle clocks itself: {fpi} frames per interrupt, {irq} interrupts in {scenario:durationUs|ms} ms, {pps} frames/s.',
      'A Linux guest spends two descriptors per packet (a checksum context and the data) and stops its queue while a score of them are still free, so it never gets there: it fills what it may, goes idle and waits for the bottom half. The same host gives it {linuxPps} frames/s and its vCPU is busy only {linuxCpu} % of the time. Which guest the patch was measured with is not recorded; only the first reproduces its published table.',
    ],
    lookFor: 'Timeline: with lem, interrupts come every couple of milliseconds, each when the ring is nearly full; with Linux the guest vCPU lane goes idle and the next interrupt waits for the QEMU bottom half lane to end.',
    claims: [
      { id: 'fpi', metric: 'framesPerInterrupt', equals: 229.783, tolerance: 0.0005 },
      { id: 'irq', metric: 'interrupts', equals: 23 },
      { id: 'pps', metric: 'txPps', equals: 132125 },
      { id: 'linuxPps', variant: 'linux', metric: 'txPps', equals: 9750 },
      { id: 'linuxCpu', variant: 'linux', metric: 'guestCpuPct', equals: 9.17, tolerance: 0.005 },
    ],
    variants: [
      {
        id: 'linux',
        label: 'A Linux 3.5 guest',
        patch: { guest: { driver: 'linux-e1000', kernel: '3.5', params: { ...LINUX_E1000_DEFAULTS } } },
      },
    ],
    playback: { speedNsPerSec: 2_000_000, viewUs: [0, 12_000], follow: true },
  }),
  lesson({
    id: 'main-loop-own-core',
    title: "Give QEMU's main loop its own core",
    scenario: {
      durationUs: 4000,
      device: { model: 'qemu-2012', linkGbps: 0 },
      guest: { driver: 'linux-e1000', costs: 'tcg-qemu72-rx', params: { ...LINUX_E1000_DEFAULTS } },
      traffic: { rx: { pattern: 'train', frames: 7, spacingUs: 14.5, pauseUs: 125, bytes: 64 } },
      host: { placement: 'shared' },
    },
    narration: [
      "A VM pinned to one host core with taskset: QEMU's main-loop thread and the vCPU thread share it, and Linux's CFS decides which runs. The main loop receives each frame from the host socket and runs the NIC's receive code for it; the vCPU thread runs the guest: interrupt, ISR, NAPI poll. QEMU's mitigation is off: one interrupt per cause. The sender is another VM with mitigation on: trains of {scenario:traffic.rx.frames} frames {scenario:traffic.rx.spacingUs} µs apart.",
      "On one core the two threads run about as often as each other, so neither is far enough behind in CFS's virtual runtime (its wakeup granularity) to preempt the other when it wakes: while the guest handles an interrupt, the next frames wait in the host socket; when the guest idles, the main loop delivers them back to back. The guest takes {sharedFpi} frames per interrupt, and all but one frame in a hundred reach the guest within {sharedP99} µs of arriving in the host socket.",
      "Give the main loop a core of its own (or give QEMU an I/O thread) and every frame reaches the NIC as soon as the main loop has received it, often while the guest is still polling: {ownFpi} frames per interrupt, and all but one frame in a hundred within {ownP99} µs. Some interrupts now find nothing: a frame stored while the guest polls with interrupts masked latches RXT0, the poll takes it, and the IMS write at the poll's end raises the line anyway.",
    ],
    lookFor: 'Timeline, host lane: on one core the main loop waits (thin reddish purple) while the vCPU thread runs, and the frames waiting in the host pile up; then the main loop delivers them in a row. Press "The main loop on a core of its own" above and Play again: the waiting disappears.',
    claims: [
      { id: 'sharedFpi', metric: 'framesPerInterrupt', equals: 3.5, tolerance: 0.0005 },
      { id: 'sharedP99', metric: 'latencyP99Us', equals: 133.376, tolerance: 0.0005 },
      { id: 'ownFpi', variant: 'own-core', metric: 'framesPerInterrupt', equals: 1.4, tolerance: 0.0005 },
      { id: 'ownP99', variant: 'own-core', metric: 'latencyP99Us', equals: 38.233, tolerance: 0.0005 },
    ],
    variants: [{ id: 'own-core', label: 'The main loop on a core of its own', patch: { host: { placement: 'separate' } } }],
    // Seven frames and their wait in the host socket fill the window: 700 µs at 100 µs per second, paging with the
    // clock through a 4 ms run (about fourteen trains), so Play ends in 30 s.
    playback: { speedNsPerSec: 100_000, viewUs: [1000, 1700], follow: true, startUs: 1000 },
  }),
  lesson({
    id: 'who-rearms',
    title: 'Who turns interrupts back on?',
    scenario: {
      durationUs: 200,
      device: { model: '8254x' },
      guest: {
        driver: 'linux-e1000',
        kernel: '6.13',
        costs: 'bare-metal',
        params: { InterruptThrottleRate: 0, RxIntDelay: 0, RxAbsIntDelay: 0, TxIntDelay: 0, TxAbsIntDelay: 0 },
        napi: { napi_defer_hard_irqs: 2, gro_flush_timeout: 20_000 },
      },
      traffic: { rx: { pattern: 'list', atUs: [10, 20, 150] } },
    },
    narration: [
      "In today's Linux (here {scenario:guest.kernel}) the kernel, not only the NIC, decides when the interrupt comes back on. The e1000 interrupts at once for every frame (no ITR, no delay timers). Its ISR masks (IMC) and schedules NAPI; the poll takes the frame, and the driver unmasks (IMS) only if napi_complete_done says yes. With napi_defer_hard_irqs {scenario:guest.napi.napi_defer_hard_irqs} and gro_flush_timeout {scenario:guest.napi.gro_flush_timeout} ns it says no while its count is above zero, and starts a timer instead. The first frame interrupts at {first} µs.",
      "The second frame arrives while the interrupt is masked: no interrupt. The kernel's timer (napi_watchdog) polls and takes the frame {lat} µs after it arrived; that poll did work, so the count restarts. After two empty polls napi_complete_done says yes: the driver writes IMS and RXT0, waiting in ICR, asserts the line at {second} µs.",
      'Without the knobs (the same kernel and NIC) every frame gets its own interrupt: {baseTimes} µs, and the second frame waits only {baseLat} µs. Deferral trades latency for fewer interrupts while traffic keeps coming; a busy-polling server with IRQ suspension (the server presets) goes further: the application polls the queue itself and the interrupt stays off as long as it finds requests.',
    ],
    lookFor: "Timeline: the kernel lane marks each re-arm (H the hard interrupt's poll, T the flush timer's) and dots each refusal; the ICR panel says who holds the mask.",
    claims: [
      { id: 'first', interruptTimesUs: [10], window: { fromUs: 0, toUs: 15 } },
      { id: 'second', interruptTimesUs: [76.312], window: { fromUs: 15, toUs: 140 } },
      { id: 'lat', metric: 'latencyMaxUs', equals: 14.412 },
      { id: 'baseTimes', variant: 'base', interruptTimesUs: [10, 20, 150] },
      { id: 'baseLat', variant: 'base', metric: 'latencyMaxUs', equals: 2.506 },
    ],
    variants: [{ id: 'base', label: 'No deferral (both knobs 0)', patch: { guest: { napi: { napi_defer_hard_irqs: 0, gro_flush_timeout: 0 } } } }],
    questions: [
      {
        step: 1,
        kind: 'instant',
        prompt: 'The second frame arrives while the kernel defers the interrupt. When does the next interrupt fire? Click the timeline.',
        pauseUs: 15,
        answer: 'second',
        tolerance: 3,
        reveal: "The kernel's timer polls count down first; only the last empty poll lets the driver unmask, and the latched RXT0 fires at {second} µs.",
      },
    ],
    playback: { speedNsPerSec: 20_000, viewUs: [0, 170], follow: true },
  }),
  lesson({
    id: 'adaptive-dim',
    title: 'Adaptive moderation: watch DIM decide',
    scenario: {
      durationUs: 100_000,
      device: { model: 'frames-time', rxRing: 1024, txRing: 1024 },
      guest: { driver: 'linux-dim', costs: 'kvm-apicv', params: { adaptiveRx: 1, rxDimProfile: 0 } },
      traffic: { rx: BURSTY_RX },
    },
    narration: [
      'A modern NIC coalesces by frames and time: an interrupt at the rx-frames-th completion or rx-usecs after the first one, whichever comes first. Linux does not leave the two numbers fixed: lib/dim (net_dim) picks them from a table of five profiles, from one microsecond to a quarter of a millisecond, starting at the second.',
      'At every completed NAPI poll the driver hands DIM its counters. Every sixty-four interrupts DIM closes a window and compares it with the last: bytes per ms first, then packets per ms (more is better), then interrupts per ms (fewer is better), each within ten percent counting as the same. Better keeps it stepping the same way; anything else turns it. Step through the decisions in the DIM panel.',
      'On these bursts ({scenario:traffic.rx.onUs|ms} ms at {scenario:traffic.rx.pps} frames/s, then {scenario:traffic.rx.offUs|ms} ms of silence) DIM ends on the most moderated profile: {irq} interrupts in {scenario:durationUs|ms} ms, {fpi} frames each, a ninety-ninth-percentile latency of {p99} µs. With adaptive-rx off the NIC keeps rx-usecs {scenario@dim-off:device.params.cqRxUsecs} and rx-frames {scenario@dim-off:device.params.cqRxFrames}: {offIrq} interrupts, {offFpi} frames each, ninety-ninth percentile {offP99} µs. DIM traded latency for fewer interrupts because the bytes per ms did not get worse.',
    ],
    lookFor: 'DIM panel: the profile in use, and for each decision the three measures against the last window with their ten percent bands; the rx-usecs lane gets longer as DIM steps right.',
    claims: [
      { id: 'irq', metric: 'interrupts', equals: 530 },
      { id: 'fpi', metric: 'framesPerInterrupt', equals: 12.8, tolerance: 0.05 },
      { id: 'p99', metric: 'latencyP99Us', equals: 246.5, tolerance: 0.05 },
      { id: 'offIrq', variant: 'dim-off', metric: 'interrupts', equals: 1700 },
      { id: 'offFpi', variant: 'dim-off', metric: 'framesPerInterrupt', equals: 4, tolerance: 0.05 },
      { id: 'offP99', variant: 'dim-off', metric: 'latencyP99Us', equals: 17.8, tolerance: 0.05 },
    ],
    variants: [
      {
        id: 'dim-off',
        label: 'adaptive-rx off (16 µs / 32 frames)',
        patch: { device: { params: { cqRxUsecs: 16, cqRxFrames: 32 } }, guest: { params: { adaptiveRx: 0, rxDimProfile: 0 } } },
      },
    ],
    playback: { speedNsPerSec: 2_000_000, viewUs: [0, 5000], follow: true },
  }),
];
