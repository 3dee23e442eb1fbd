/**
 * Controls: presets and reset; the five mitigation registers as native range
 * sliders (name, microseconds and raw value); device model, guest driver,
 * cost profile, rings, traffic. Every change goes through the scenario
 * validator, so the UI can never run a scenario a link could not carry.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { hostModelApplies, COST_PROFILES, DEVICE_MODELS, GUEST_DRIVERS, LINUX_KERNEL_VERSIONS, RDMTS_VALUES, type LinuxKernel, type Scenario, type TrafficSpec, REG_BY_NAME, REG_INDEX, itrRate, regValueNs, deviceModelDescriptor, guestDriverDescriptor, COSTS, patternsFor, trafficPatternDescriptor, TRAFFIC_PATTERN_REGISTRY, type TrafficDirection, NAPI_DEFAULTS, type NapiSettings } from '../core';

import { fmtRate, fmtUs } from '../state/format';
import { SLIDER_REGS, driverParamFor, type SliderReg } from '../state/registerScenario';
import type { RegisterChange } from '../state/store';
import { PRESET_LIST, validateScenario } from '../state/scenarioSource';
import { vocabularyFor } from './vocabulary';
import { useLab, useSimStore } from './labContext';
import { plainError, shownUnit } from '../scenario/plainWords';

const SHORT: Record<SliderReg, string> = {
  TIDV: 'TX packet delay',
  TADV: 'TX absolute delay',
  RDTR: 'RX packet timer',
  RADV: 'RX absolute timer',
  ITR: 'interrupt throttling',
};

const RING_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

/** Real ms a slider must rest before its value is written (a drag is one write, not one per pixel). */
const COMMIT_AFTER_MS = 300;

function RegisterSlider({ name, when }: { name: SliderReg; when: RegisterChange }) {
  const store = useSimStore();
  const id = useId();
  const info = REG_BY_NAME[name];
  const scenario = useLab((s) => s.scenario);
  const live = useLab((s) => (s.frame ? s.frame.snapshot.regs[REG_INDEX[name]] & 0xffff : null));
  // While the user drags or types, the value not yet written.
  const [pending, setPending] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const raw = pending ?? live ?? scenario.device.regs[name];
  const base = name === 'ITR' ? 4000 : 1000;
  const max = Math.max(base, raw);
  const us = fmtUs(regValueNs(name, raw));
  const rate = name === 'ITR' && raw > 0 ? ` · at most ${fmtRate(itrRate(raw))}` : '';
  const valueText = raw === 0 ? `0 (off), raw 0` : `${us}, raw ${raw}`;
  const ignored = deviceModelDescriptor(scenario.device.model).ignores[name] ?? null;
  const param = driverParamFor(scenario, name);
  const fixedByDriver = guestDriverDescriptor(scenario.guest.driver).fixedRegs[name] ?? null;
  const tip = [
    `${name}${info.alias ? ` (${info.alias})` : ''}: ${info.help}.`,
    `Unit ${shownUnit(info.unit)}; offset 0x${info.offset.toString(16).toUpperCase()}; SDM ${info.sdm}.`,
    info.linuxParam ? `Linux e1000 parameter ${info.linuxParam}${info.ethtool ? `, ethtool -C ${info.ethtool}` : ''}.` : '',
    info.freebsd ? `FreeBSD ${info.freebsd}.` : '',
    `See the Intel 8254x SDM, section ${info.sdm}.`,
  ]
    .filter(Boolean)
    .join(' ');
  // Edits so far: a write's answer clears the pending value only if nothing was edited since.
  const edits = useRef(0);
  const sent = useRef(-1);
  const commit = (v: number | null = pending) => {
    clearTimeout(timer.current);
    if (v === null) return;
    const value = Math.max(0, Math.min(0xffff, Math.round(v)));
    const at = edits.current;
    // Key-up, blur and the rest timer may all commit the same edit: write it once.
    if (sent.current === at) return;
    sent.current = at;
    const done = () => {
      if (edits.current === at) setPending(null);
    };
    // Until the worker answers, the slider keeps showing the value written, so a second key press counts from it.
    if (value !== live) void store.getState().setRegister(name, value, when).then(done);
    else done();
  };
  const edit = (v: number, restMs: number | null) => {
    if (!Number.isFinite(v)) return;
    edits.current++;
    setPending(v);
    clearTimeout(timer.current);
    if (restMs !== null) timer.current = setTimeout(() => commit(v), restMs);
  };
  return (
    <div className={`reg-slider ${ignored ? 'ignored' : ''}`} data-testid={`slider-${name}`}>
      <label htmlFor={id} data-tip={tip}>
        <span className="reg-name">
          {name}
          {info.alias ? ` (${info.alias})` : ''}
        </span>{' '}
        <span className="reg-short">{SHORT[name]}</span>
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={max}
        step={1}
        value={raw}
        aria-valuetext={valueText}
        onChange={(e) => edit(Number(e.target.value), COMMIT_AFTER_MS)}
        onPointerUp={() => commit()}
        onKeyUp={() => commit()}
        onBlur={() => commit()}
      />
      <output htmlFor={id} className="reg-value" data-testid={`reg-${name}`}>
        {raw === 0 ? 'off' : us} · raw {raw}
        {rate}
      </output>
      <input
        type="number"
        className="raw"
        min={0}
        max={65535}
        value={raw}
        aria-label={`${name} raw register value`}
        onChange={(e) => edit(Number(e.target.value), null)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        onBlur={() => commit()}
      />
      {(ignored || param || fixedByDriver) && (
        <span className="reg-note">
          {ignored ?? ''}
          {ignored && (param || fixedByDriver) ? '; ' : ''}
          {param ? `the driver sets it from ${param}` : (fixedByDriver ?? '')}
        </span>
      )}
      {/* Vocabulary: the same knob under the names people know, from REGISTERS. */}
      <ul className="reg-vocab" aria-label={`${name} as Linux, ethtool and FreeBSD knobs`} data-testid={`vocab-${name}`}>
        {vocabularyFor(name, raw).map((v) => (
          <li key={v.system} data-tip={`${v.system}: ${v.how}. Register ${name}: Intel 8254x SDM section ${info.sdm}.`} tabIndex={0}>
            {v.system === 'ethtool -C' ? 'ethtool -C ' : ''}
            <code>
              {v.name}={v.value}
            </code>{' '}
            {v.unit}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Select<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly T[];
  text?: (v: T) => string;
  onChange: (v: T) => void;
  tip?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} data-tip={props.tip}>
        {props.label}
      </label>
      <select
        id={id}
        value={String(props.value)}
        onChange={(e) => {
          const found = props.options.find((o) => String(o) === e.target.value);
          if (found !== undefined) props.onChange(found);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {props.text ? props.text(o) : String(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

function NumberField(props: { label: string; value: number; min: number; max: number; step?: number; unit?: string; onCommit: (v: number) => void; tip?: string }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const v = Number(draft);
    setDraft(null);
    if (Number.isFinite(v) && v !== props.value) props.onCommit(v);
  };
  return (
    <div className="field">
      <label htmlFor={id} data-tip={props.tip}>
        {props.label}
      </label>
      <span className="num">
        <input
          id={id}
          type="number"
          min={props.min}
          max={props.max}
          step={props.step ?? 1}
          value={draft ?? String(props.value)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
        />
        {props.unit && <span className="unit">{props.unit}</span>}
      </span>
    </div>
  );
}

/** The patterns a direction's menu offers: the pickable ones of the registry, and the current one if it is not (a capture). */
export function patternOptions(dir: TrafficDirection, current: TrafficSpec['pattern']): TrafficSpec['pattern'][] {
  const pickable = patternsFor(dir).filter((p) => p.pickable).map((p) => p.id as TrafficSpec['pattern']);
  return pickable.includes(current) ? pickable : [...pickable, current];
}

/** The spec the panel switches to: the pattern's own starting spec, keeping the old rate and frame size. */
export function withPattern(old: TrafficSpec, pattern: TrafficSpec['pattern']): TrafficSpec {
  if (pattern === old.pattern) return old;
  const descriptor = trafficPatternDescriptor(pattern)!;
  // A pattern the menu cannot make up (a capture comes from a file or a link) is kept only as it was.
  if (!descriptor.pickable) return TRAFFIC_PATTERN_REGISTRY[0].initial({ pps: 0, bytes: 64 });
  const keep = { pps: 'pps' in old ? old.pps : 100_000, bytes: 'bytes' in old ? old.bytes : 64 };
  return descriptor.initial(keep) as TrafficSpec;
}

type HostChoice = 'none' | 'shared' | 'separate';
const HOST_CHOICES: readonly HostChoice[] = ['none', 'shared', 'separate'];
const HOST_CHOICE_TEXT: Record<HostChoice, string> = {
  none: 'no host model',
  shared: 'one shared core',
  separate: 'a core each',
};

function withHost(s: Scenario, host: HostChoice): Scenario {
  if (host === 'none') {
    const { host: _dropped, ...rest } = s;
    return rest;
  }
  return { ...s, host: { placement: host } };
}

/** Where QEMU's main-loop thread and the vCPU thread run (the scenario's optional host model). */
function HostFields({ scenario, onChange }: { scenario: Scenario; onChange: (h: HostChoice) => void }) {
  const applies = hostModelApplies({ ...scenario, host: { placement: 'shared' } });
  const costs = COSTS[scenario.guest.costs];
  return (
    <fieldset className="host">
      <legend>Host (QEMU threads)</legend>
      <Select
        label="QEMU main loop and vCPU thread"
        value={scenario.host?.placement ?? 'none'}
        options={HOST_CHOICES}
        text={(c) => HOST_CHOICE_TEXT[c]}
        onChange={onChange}
        tip="Where QEMU's main-loop thread (it receives each frame and runs the timer callbacks) and the vCPU thread run: one core shared under Linux's CFS (a VM pinned with taskset), or a core each. No host model: frames reach the NIC when they arrive."
      />
      {scenario.host && !applies && (
        <p className="note">
          Not applied:{' '}
          {deviceModelDescriptor(scenario.device.model).hasWire
            ? `the ${deviceModelDescriptor(scenario.device.model).label} device model has a wire of its own, so no QEMU thread delivers its frames.`
            : `${costs.title} is not virtualized: there is no QEMU.`}
        </p>
      )}
      {scenario.host && applies && (
        <p className="note">
          Main loop: {fmtUs(costs.hostRxFrameNs)} per received frame ({costs.title}); a timer on an idle core wakes it {fmtUs(costs.timerWakeNs)} late.
        </p>
      )}
    </fieldset>
  );
}

/** One direction's traffic: its pattern, then each of the pattern's fields the registry gives a box (or its note). */
function TrafficFields({ dir, spec, onChange }: { dir: TrafficDirection; spec: TrafficSpec; onChange: (t: TrafficSpec) => void }) {
  const name = dir === 'rx' ? 'RX' : 'TX';
  const pattern = trafficPatternDescriptor(spec.pattern)!;
  const values = spec as unknown as Record<string, number>;
  const noteAt = pattern.fields.findIndex((f) => f.kind !== 'number');
  return (
    <fieldset className={`traffic ${dir}`}>
      <legend>{name} traffic</legend>
      <Select
        label={`${name} pattern`}
        value={spec.pattern}
        options={patternOptions(dir, spec.pattern)}
        onChange={(p) => onChange(withPattern(spec, p))}
        tip={dir === 'rx' ? 'How frames arrive from the wire' : 'How the guest application hands frames to the driver (saturate: as fast as the guest can)'}
      />
      {pattern.fields.map((f, i) => {
        if (f.kind !== 'number') return i === noteAt && pattern.note ? <p className="note" key={f.key}>{pattern.note(spec)}</p> : null;
        const c = f.control;
        if (!c) return null;
        return (
          <NumberField
            key={f.key}
            label={c.perDirection ? `${name} ${c.label}` : c.label}
            unit={c.unit}
            value={values[f.key]}
            min={c.min}
            max={f.max}
            step={c.step}
            tip={c.tip}
            onCommit={(v) => onChange({ ...spec, [f.key]: f.integer ? Math.round(v) : v } as TrafficSpec)}
          />
        );
      })}
    </fieldset>
  );
}

/** The kernel's NAPI knobs the Guest fieldset offers, by the kernels that have them (core/guest/kernel/kernelFeatures.ts). */
const NAPI_FIELDS: readonly { key: keyof NapiSettings; label: string; unit: string; max: number; kernels: readonly string[]; tip: string }[] = [
  {
    key: 'napi_defer_hard_irqs',
    label: 'Defer hard IRQs',
    unit: 'polls',
    max: 2147483647,
    kernels: ['6.1', '6.13'],
    tip: 'Linux napi_defer_hard_irqs (5.7): empty polls, gro_flush_timeout apart, the kernel runs before it lets the driver unmask. 0 = off',
  },
  {
    key: 'gro_flush_timeout',
    label: 'Flush timeout',
    unit: 'ns',
    max: 10_000_000_000,
    kernels: ['6.1', '6.13'],
    tip: 'Linux gro_flush_timeout: the NAPI hrtimer between deferred polls (acts only with napi_defer_hard_irqs above 0). 0 = off',
  },
  {
    key: 'irq_suspend_timeout',
    label: 'IRQ suspend',
    unit: 'ns',
    max: 10_000_000_000,
    kernels: ['6.13'],
    tip: 'Linux irq_suspend_timeout (6.13): how long an epoll server that prefers busy polling keeps interrupts suspended after epoll_wait returned events. 0 = off',
  },
];

/** The scenario with one NAPI knob set (guest.napi created with its defaults if absent). */
function withNapi(s: Scenario, key: keyof NapiSettings, value: number): Scenario {
  return { ...s, guest: { ...s.guest, napi: { ...NAPI_DEFAULTS, ...s.guest.napi, [key]: value } } };
}

export function ControlsPanel() {
  const store = useSimStore();
  const scenario = useLab((s) => s.scenario);
  const presetId = useLab((s) => s.presetId);
  const [error, setError] = useState<string | null>(null);
  const [when, setWhen] = useState<RegisterChange>('now');
  const presetSelectId = useId();

  const edit = (fn: (s: Scenario) => Scenario) => {
    const next = fn(scenario);
    const r = validateScenario(next);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    void store.getState().setScenario(r.value, { keepTime: true, presetId: null });
  };

  const preset = PRESET_LIST.find((p) => p.id === presetId);

  return (
    <section className="panel controls" aria-labelledby="h-controls">
      <h2 id="h-controls">Controls</h2>
      <div className="field preset-field">
        <label htmlFor={presetSelectId}>Preset</label>
        <button type="button" onClick={() => void store.getState().reset()} data-tip="Back to the preset's scenario (or the default) at t = 0">
          Reset
        </button>
        <select
          id={presetSelectId}
          // A long preset title may end in an ellipsis here (projector type); the header names the scenario whole.
          aria-describedby={presetId ? 'scenario-name' : undefined}
          value={presetId ?? ''}
          onChange={(e) => {
            if (e.target.value) void store.getState().loadPreset(e.target.value);
          }}
        >
          {presetId === null && <option value="">(custom scenario)</option>}
          {PRESET_LIST.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
      {preset && <p className="note">{preset.description}</p>}

      <fieldset className="regs">
        <legend>Mitigation registers (live)</legend>
        <div className="reg-when" role="radiogroup" aria-label="When a register change applies" data-testid="reg-when">
          <span>A change past t = 0 applies</span>
          <label data-tip="A timed write at the current instant: the run so far stays as it was, the timeline marks the write, and the scenario's console list records it, so a link and a re-run do the same">
            <input type="radio" name="reg-when" checked={when === 'now'} onChange={() => setWhen('now')} /> from now (a timed write)
          </label>
          <label data-tip="The scenario's register changes from t = 0, and the run repeats up to the current instant">
            <input type="radio" name="reg-when" checked={when === 'fromStart'} onChange={() => setWhen('fromStart')} /> from the start
          </label>
        </div>
        {SLIDER_REGS.map((r) => (
          <RegisterSlider key={r} name={r} when={when} />
        ))}
      </fieldset>

      <fieldset>
        <legend>Device</legend>
        <Select
          label="Device model"
          value={scenario.device.model}
          options={DEVICE_MODELS}
          text={(m) => deviceModelDescriptor(m).label}
          onChange={(model) => edit((s) => ({ ...s, device: { ...s.device, model } }))}
          tip="Which mitigation policy the NIC follows: the SDM's timers, or one of the QEMU implementations"
        />
        <Select label="RX ring" value={scenario.device.rxRing} options={RING_SIZES} text={(n) => `${n} descriptors`} onChange={(rxRing) => edit((s) => ({ ...s, device: { ...s.device, rxRing } }))} />
        <Select label="TX ring" value={scenario.device.txRing} options={RING_SIZES} text={(n) => `${n} descriptors`} onChange={(txRing) => edit((s) => ({ ...s, device: { ...s.device, txRing } }))} />
        <Select
          label="RDMTS"
          value={scenario.device.rdmts}
          options={RDMTS_VALUES}
          text={(v) => `${v} of the ring`}
          onChange={(rdmts) => edit((s) => ({ ...s, device: { ...s.device, rdmts } }))}
          tip="RCTL.RDMTS: RXDMT0 is raised when free RX descriptors fall to this fraction of the ring. The ideal driver keeps it; Linux e1000, FreeBSD lem and em write 1/2 at start (E1000_RCTL_RDMTS_HALF)"
        />
      </fieldset>

      <fieldset>
        <legend>Guest</legend>
        <Select
          label="Guest driver"
          value={scenario.guest.driver}
          options={GUEST_DRIVERS}
          text={(d) => guestDriverDescriptor(d).label}
          onChange={(driver) =>
            edit((s) => {
              const d = guestDriverDescriptor(driver);
              const kernel = d.kernels ? ((d.defaultKernel ?? d.kernels[d.kernels.length - 1]) as LinuxKernel) : undefined;
              return { ...s, guest: { driver, costs: s.guest.costs, params: {}, ...(kernel ? { kernel } : {}) } };
            })
          }
          tip="ideal: takes everything at once at zero cost; the real drivers have costs, budgets and their own register defaults"
        />
        {scenario.guest.kernel && (
          <Select
            label="Linux kernel"
            value={scenario.guest.kernel}
            options={LINUX_KERNEL_VERSIONS}
            text={(k) => (k === '3.5' ? '3.5 (2012): stops below 19 free' : k === '6.13' ? '6.13: IRQ suspension' : '6.1: stops below 24 free')}
            onChange={(kernel) => edit((s) => ({ ...s, guest: { ...s.guest, kernel } }))}
            tip="Where the e1000 driver differs between generations: the TX queue stops when fewer than MAX_SKB_FRAGS + 2 (3.5) or + 7 (6.1, 6.13) descriptors are free; 6.1 and 6.13 let the kernel defer the unmask (napi_complete_done), 6.13 adds IRQ suspension"
          />
        )}
        {scenario.guest.kernel &&
          NAPI_FIELDS.filter((f) => f.kernels.includes(scenario.guest.kernel!)).map((f) => (
            <NumberField
              key={f.key}
              label={f.label}
              unit={f.unit}
              value={scenario.guest.napi?.[f.key] ?? 0}
              min={0}
              max={f.max}
              onCommit={(v) => edit((s) => withNapi(s, f.key, v))}
              tip={f.tip}
            />
          ))}
        <Select
          label="Cost profile"
          value={scenario.guest.costs}
          options={COST_PROFILES}
          text={(c) => COSTS[c].title}
          onChange={(costs) => edit((s) => ({ ...s, guest: { ...s.guest, costs } }))}
          tip="What a VM exit, an interrupt and a frame cost the guest (ignored by the ideal driver)"
        />
        {!guestDriverDescriptor(scenario.guest.driver).hasCosts && (
          <p className="note" data-testid="costs-ignored">
            The ideal driver charges nothing: this profile applies once you pick a real driver.
          </p>
        )}
      </fieldset>

      <TrafficFields dir="rx" spec={scenario.traffic.rx} onChange={(rx) => edit((s) => ({ ...s, traffic: { ...s.traffic, rx } }))} />
      <TrafficFields dir="tx" spec={scenario.traffic.tx} onChange={(tx) => edit((s) => ({ ...s, traffic: { ...s.traffic, tx } }))} />
      <HostFields scenario={scenario} onChange={(host) => edit((s) => withHost(s, host))} />

      <fieldset>
        <legend>Run</legend>
        <NumberField label="Duration" unit="µs" value={scenario.durationUs} min={1} max={10_000_000} onCommit={(durationUs) => edit((s) => ({ ...s, durationUs }))} tip="How much virtual time the scenario covers" />
        <NumberField label="Seed" value={scenario.seed} min={0} max={4294967295} onCommit={(seed) => edit((s) => ({ ...s, seed }))} tip="Seeds every random draw: same seed, same run" />
      </fieldset>
      {error && (
        <p className="field-error" role="alert">
          {plainError(error)}
        </p>
      )}
    </section>
  );
}
