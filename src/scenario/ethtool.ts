/**
 * The ethtool vocabulary of the moderation settings (issue 23): a scenario's
 * device settings printed as the `ethtool -C` command that sets them, and a
 * pasted `ethtool -c` output read back into a scenario. Names and the
 * output's layout are ethtool's (ethtool.c `dump_coalesce`: "Adaptive RX:
 * on  TX: off", one "name: value" line per setting, "n/a" where the driver
 * does not report it, "CQE mode RX: on  TX: off"); the settings and their
 * ranges are the device models' descriptors (`ethtool` and `onOff` on a
 * DeviceParamSpec).
 */
import { err, ok, type Result } from '../base/result';
import { DEVICE_MODEL_REGISTRY, deviceModelDescriptor, type DeviceModelName } from '../core/device/models';
import type { DeviceParamSpec } from '../core/device/models/descriptor';
import type { Scenario } from '../core/scenario';
import { parseScenario } from './schema';

/** The driver whose `adaptiveRx` parameter is ethtool's adaptive-rx (DIM on or off). */
const ADAPTIVE_DRIVER = 'linux-dim';

const settingsOf = (model: DeviceModelName): readonly DeviceParamSpec[] => deviceModelDescriptor(model).params.filter((p) => p.ethtool !== undefined);

/** Models whose settings have ethtool names. */
export const ETHTOOL_MODELS: readonly DeviceModelName[] = DEVICE_MODEL_REGISTRY.filter((d) => settingsOf(d.id).length > 0).map((d) => d.id);

/** `ethtool -C <iface> ...` for the scenario's device settings (and adaptive-rx with the DIM driver). */
export function ethtoolCommand(scenario: Scenario, iface = 'eth0'): Result<string> {
  const settings = settingsOf(scenario.device.model);
  if (settings.length === 0) {
    return err(
      `device.model: "${scenario.device.model}" has no ethtool -C settings (its delay registers come from the driver's parameters); one of ${ETHTOOL_MODELS.map((m) => `"${m}"`).join(', ')} has`,
    );
  }
  const params = scenario.device.params as Record<string, number>;
  const words = ['ethtool', '-C', iface];
  if (scenario.guest.driver === ADAPTIVE_DRIVER) words.push('adaptive-rx', (scenario.guest.params.adaptiveRx ?? 1) === 1 ? 'on' : 'off');
  for (const p of settings) {
    const value = params[p.key] ?? p.default;
    words.push(p.ethtool!, p.onOff ? (value === 1 ? 'on' : 'off') : String(value));
  }
  return ok(words.join(' '));
}

/** One reading of `ethtool -c`: each setting it names, with the line it was on. */
interface Reading {
  name: string;
  raw: string;
  line: number;
}

/** The "name: value" settings and the paired "Adaptive RX: on  TX: off" / "CQE mode RX: on  TX: off" lines. */
function readLines(text: string): Reading[] {
  const out: Reading[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    const line = i + 1;
    const t = lineText.trim();
    const pair = /^(Adaptive|CQE mode)\s+RX:\s*(\S+)\s+TX:\s*(\S+)$/i.exec(t);
    if (pair) {
      const what = pair[1].toLowerCase() === 'adaptive' ? 'adaptive' : 'cqe-mode';
      out.push({ name: `${what}-rx`, raw: pair[2], line }, { name: `${what}-tx`, raw: pair[3], line });
      return;
    }
    const kv = /^([a-z][a-z0-9-]*):\s*(\S+)$/i.exec(t);
    if (kv) out.push({ name: kv[1].toLowerCase(), raw: kv[2], line });
  });
  return out;
}

/**
 * A pasted `ethtool -c` output read into `base`: the device model becomes one
 * that has the settings shown (the base's own if it has them; else
 * `frames-time` when rx-frames is reported, `itr-ratecap` when only
 * rx-usecs / rx-usecs-high are), each reported setting is checked against
 * its range, and `Adaptive RX` picks the DIM driver's adaptive-rx. Settings
 * reported "n/a" and lines ethtool prints for settings no model has are
 * skipped. Errors name the line, the setting, the value and the range.
 */
export function scenarioFromEthtool(text: string, base: Scenario): Result<Scenario> {
  const readings = readLines(text);
  const reported = readings.filter((r) => r.raw.toLowerCase() !== 'n/a');
  const has = (name: string) => reported.some((r) => r.name === name);
  const model: DeviceModelName = settingsOf(base.device.model).length > 0 ? base.device.model : has('rx-frames') || has('cqe-mode-rx') ? 'frames-time' : 'itr-ratecap';
  const settings = settingsOf(model);
  const params: Record<string, number> = { ...(base.device.params as Record<string, number>) };
  let found = 0;
  for (const r of reported) {
    const spec = settings.find((p) => p.ethtool === r.name);
    if (!spec) continue;
    const range = spec.onOff ? 'on or off' : `integer ${spec.min}..${spec.max} ${spec.unit}`;
    let value: number;
    if (spec.onOff) {
      const v = r.raw.toLowerCase();
      if (v !== 'on' && v !== 'off') return err(`ethtool -c line ${r.line}: ${r.name}: "${r.raw}" is not allowed (${range})`);
      value = v === 'on' ? 1 : 0;
    } else {
      if (!/^-?\d+$/.test(r.raw)) return err(`ethtool -c line ${r.line}: ${r.name}: "${r.raw}" is not an integer (${range})`);
      value = Number(r.raw);
      if (value < spec.min || value > spec.max) return err(`ethtool -c line ${r.line}: ${r.name}: ${value} is out of range (${range})`);
    }
    params[spec.key] = value;
    found++;
  }
  const adaptive = reported.find((r) => r.name === 'adaptive-rx');
  if (adaptive && !['on', 'off'].includes(adaptive.raw.toLowerCase())) {
    return err(`ethtool -c line ${adaptive.line}: Adaptive RX: "${adaptive.raw}" is not allowed (on or off)`);
  }
  if (found === 0 && !adaptive) {
    return err(`ethtool -c: no coalesce setting of ${model} found (expected lines such as "rx-usecs: 8"; ${settings.map((p) => p.ethtool).join(', ')})`);
  }
  const guest = adaptive
    ? { ...base.guest, driver: ADAPTIVE_DRIVER, params: { ...(base.guest.driver === ADAPTIVE_DRIVER ? base.guest.params : {}), adaptiveRx: adaptive.raw.toLowerCase() === 'on' ? 1 : 0 } }
    : base.guest;
  const { kernel: _kernel, ...guestWithoutKernel } = guest as typeof guest & { kernel?: string };
  return parseScenario({ ...base, device: { ...base.device, model, params }, guest: guest.driver === base.guest.driver ? guest : guestWithoutKernel });
}
