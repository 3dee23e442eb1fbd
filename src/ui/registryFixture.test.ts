/**
 * Adding a device model is its file and one registry line: here a fixture
 * model is added to the registry list and nothing else, and the scenario
 * format, the simulator, the menus' labels and notes, the timeline lanes,
 * the Metrics theory line and the sweep all pick it up.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DeviceModelDescriptor } from '../core/device/models/descriptor';

vi.mock('../core/device/models/registry', async (importOriginal) => {
  const original = await importOriginal<typeof import('../core/device/models/registry')>();
  const { HOST_TIMER } = await import('../core/device/models/hostTimer');
  const { TimerId } = await import('../core/types');
  const { QEMU_NET_QUEUE } = await import('../core/device/models/qemu2012');
  const fixture: DeviceModelDescriptor = {
    id: 'fixture-hold',
    label: 'Fixture hold-off (test only)',
    note: 'A test fixture: the host-timer rule under another name, with its own parameter.',
    hasWire: false,
    rxHold: QEMU_NET_QUEUE,
    timersNote: 'The fixture holds causes for fixtureHoldUs after each interrupt.',
    ignores: { TIDV: 'ignored by the fixture', TADV: 'ignored by the fixture', RDTR: 'ignored by the fixture', RADV: 'ignored by the fixture', ITR: 'ignored by the fixture' },
    timers: [TimerId.HOST, TimerId.WAKE],
    params: [{ key: 'fixtureHoldUs', label: 'fixture hold-off', unit: 'us', integer: false, min: 1, max: 1000, default: 40 }],
    bound: (_regs, params) => ({ windowNs: params.fixtureHoldUs * 1000, basis: 'fixture hold-off of {window}' }),
    create: (port, params) => HOST_TIMER.create(port, { hostTimerUs: params.fixtureHoldUs }),
  };
  return { DEVICE_MODEL_REGISTRY: [...original.DEVICE_MODEL_REGISTRY, fixture] };
});

const { DEVICE_MODELS } = await import('../core/scenario');
const { deviceModelDescriptor } = await import('../core/device/models');
const { parseScenario } = await import('../scenario/schema');
const { runScenario } = await import('../core/simulation');
const { timelineLanes } = await import('./timeline/lanes');
const { interruptBound } = await import('../state/theoryBound');
const { listSweepablePaths } = await import('../sweep/paths');
const { timelineSvg } = await import('./export/timelineSvg');
const { TraceWindow } = await import('../state/traceWindow');
const { createSimApi } = await import('../worker/simApi');
const { COLORS } = await import('./colors');

const ID = 'fixture-hold' as never;

describe('a device model added by one registry line', () => {
  it('the scenario format accepts it, fills its parameter\'s default and checks its range', () => {
    expect(DEVICE_MODELS).toContain('fixture-hold');
    const r = parseScenario({ v: 1, device: { model: 'fixture-hold' } });
    expect(r.ok && r.value.device.params).toMatchObject({ fixtureHoldUs: 40 });
    const bad = parseScenario({ v: 1, device: { model: 'fixture-hold', params: { fixtureHoldUs: 5000 } } });
    expect(bad.ok ? '' : bad.error).toBe('device.params.fixtureHoldUs: 5000 is out of range (number 1..1000 us)');
  });

  it('the simulator runs it: frames at 0, 10 and 20 µs raise at 0, then together when the 40 µs hold-off ends', () => {
    const r = parseScenario({ v: 1, durationUs: 200, device: { model: 'fixture-hold' }, guest: { driver: 'ideal' }, traffic: { rx: { pattern: 'list', atUs: [0, 10, 20] } } });
    if (!r.ok) throw new Error(r.error);
    expect(runScenario(r.value).interrupts.map((i) => i.tUs)).toEqual([0, 40]);
  });

  it('the views read it: label, notes and ignored registers for the controls and the Timers panel, lanes, the theory line, the sweep', () => {
    const d = deviceModelDescriptor(ID);
    expect(d.label).toBe('Fixture hold-off (test only)');
    expect(d.ignores.ITR).toBe('ignored by the fixture');
    expect(timelineLanes(ID).filter((l) => l.kind === 'timer').map((l) => l.label)).toEqual(['host timer', 'main-loop wake-up (host)']);
    const r = parseScenario({ v: 1, device: { model: 'fixture-hold' } });
    if (!r.ok) throw new Error(r.error);
    expect(interruptBound(r.value, null)).toEqual({ rate: 25_000, why: 'fixture hold-off of 40 µs' });
    const fields = listSweepablePaths(r.value);
    expect(fields.find((f) => f.path === 'device.params.fixtureHoldUs')).toMatchObject({ effective: true, label: 'fixture hold-off', unit: 'us' });
    expect(fields.find((f) => f.path === 'device.regs.ITR')?.effective).toBe(false);
    expect(fields.find((f) => f.path === 'device.linkGbps')?.effective).toBe(false);
  });

  it('the timeline engine draws it: its lanes in the SVG export, its host-timer spans painted', () => {
    const r = parseScenario({ v: 1, name: 'fixture run', durationUs: 200, device: { model: 'fixture-hold' }, guest: { driver: 'ideal' }, traffic: { rx: { pattern: 'list', atUs: [0, 10, 20] } } });
    if (!r.ok) throw new Error(r.error);
    const api = createSimApi();
    const tw = new TraceWindow();
    tw.append(api.load(r.value).trace);
    tw.append(api.advance(200_000).trace);
    const svg = timelineSvg({ trace: tw, t0: 0, t1: 200_000, nowNs: 200_000, model: ID, title: 'fixture run', palette: COLORS });
    const labels = [...svg.matchAll(/<text [^>]*text-anchor="end"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['RX frames', 'TX frames', 'host timer', 'main-loop wake-up (host)', 'ICR causes set', 'Interrupts', 'Guest mask (IMC→IMS)', 'Guest vCPU']);
    // The hold-off from the first interrupt (0 µs) to 40 µs: a running bar of the timer colour, and a dot where it fired.
    expect(svg).toMatch(new RegExp(`<circle cx="[\\d.]+" cy="[\\d.]+" r="[\\d.]+" fill="${COLORS.timer}"/>`));
  });
});
