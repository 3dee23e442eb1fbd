/** Sweeping the guest kernel's NAPI knobs and the server's numbers: present for Linux, created on demand, and named "no effect" where the kernel's rules make them inert. */
import { describe, expect, it } from 'vitest';
import { describeParam, listSweepablePaths, setParam } from './paths';
import { loadPreset } from '../scenario/presets';
import type { Scenario } from '../core/scenario';

const preset = (id: string): Scenario => {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('NAPI sweep paths', () => {
  it('a Linux scenario without guest.napi lists the knobs and a sweep creates guest.napi with its defaults', () => {
    const s = preset('linux-defaults');
    expect(listSweepablePaths(s).map((f) => f.path)).toContain('guest.napi.gro_flush_timeout');
    expect(listSweepablePaths(s).map((f) => f.path)).not.toContain('guest.server.serviceUs');
    const r = setParam({ ...s, guest: { ...s.guest, kernel: '6.1' } }, 'guest.napi.napi_defer_hard_irqs', 10);
    expect(r.ok && r.value.guest.napi).toEqual({ napi_defer_hard_irqs: 10, gro_flush_timeout: 0, irq_suspend_timeout: 0 });
  });

  it('gro_flush_timeout alone, the count without a timeout, and the suspend timeout without a preferring server are named "no effect"', () => {
    const base = preset('server-base-high');
    expect(describeParam(base, 'guest.napi.gro_flush_timeout').ok && (describeParam(base, 'guest.napi.gro_flush_timeout') as { value: { note?: string } }).value.note).toMatch(/no effect while napi_defer_hard_irqs is 0/);
    const d = describeParam(base, 'guest.napi.napi_defer_hard_irqs');
    expect(d.ok && d.value.effective).toBe(false);
    const defer = describeParam(preset('server-defer10-high'), 'guest.napi.gro_flush_timeout');
    expect(defer.ok && defer.value.effective).toBe(true);
    const ist = describeParam(preset('server-defer10-high'), 'guest.napi.irq_suspend_timeout');
    expect(ist.ok && ist.value.note).toMatch(/prefers busy polling/);
    const suspend = describeParam(preset('server-suspend10-high'), 'guest.napi.irq_suspend_timeout');
    expect(suspend.ok && suspend.value.effective).toBe(true);
  });

  it('server fields need a server: one line saying so', () => {
    const r = setParam(preset('linux-defaults'), 'guest.server.serviceUs', 3);
    expect(r.ok ? '' : r.error).toBe('guest.server.serviceUs: the scenario has no guest.server (add the server application to sweep it)');
    const ok = setParam(preset('server-base-low'), 'guest.server.serviceUs', 3);
    expect(ok.ok && ok.value.guest.server?.serviceUs).toBe(3);
  });
});
