/**
 * The scenario format, contract version 1 (docs/scenario-contract.md),
 * as a valibot schema: unknown fields and out-of-range values are rejected
 * with one line naming the field, the value and what is allowed; omitted
 * fields are filled with defaults, so a parsed scenario is complete.
 */
import * as v from 'valibot';
import { err, ok, type Result } from '../base/result';
import {
  COST_PROFILES,
  DEVICE_MODELS,
  GUEST_DRIVERS,
  RDMTS_VALUES,
  type GuestDriverName,
  type GuestSpec,
  type LinuxKernel,
  type Scenario,
  HOST_PLACEMENTS,
} from '../core/scenario';
import { DEFAULT_COST_PROFILE } from '../core/guest/costs';
import {
  formatIssue,
  integerIn,
  integerOneOfOrIn,
  integerStepIn,
  numberIn,
  oneOf,
  positiveUpTo,
  showValue,
  strictFields,
  strictObjectOf,
  textUpTo,
  variantBy,
} from './fieldSchemas';
import { migrateToCurrentVersion } from './migrate';
import { DEVICE_MODEL_REGISTRY, DEVICE_PARAM_SPECS, deviceModelDescriptor, type DeviceParamKey } from '../core/device/models';
import { GUEST_DRIVER_REGISTRY, guestDriverDescriptor } from '../core/guest/drivers';
import type { DriverParamSpec, GuestDriverDescriptor } from '../core/guest/drivers/descriptor';
import { MAX_INLINE_CAPTURE_CHARS, parseInlineCapture } from '../core/traffic/pcap';
import {
  MAX_DURATION_US,
  patternsFor,
  TRAFFIC_PATTERN_REGISTRY,
  type TrafficDirection,
  type TrafficField,
  type TrafficNumberField,
  type TrafficPattern,
  type TrafficPatternDescriptor,
  type TrafficSpec,
  type TrafficSpecInput,
} from '../core/traffic/patterns';
import { REGISTERS, type RegName } from '../core/registers';
import { kernelRejects } from '../core/guest/kernel/kernelFeatures';
import type { NapiSettings } from '../core/guest/kernel/napi';
import { SERVER_DEFAULTS, type ServerSpec } from '../core/guest/apps/udpServer';

/** Longest virtual time one run may cover, and the latest instant a frame may be listed at (the traffic patterns' bound). */
export { MAX_DURATION_US };
/** Most instants one `list` traffic pattern may hold. */
export const MAX_LISTED_FRAMES = 100_000;
/** Largest scenario JSON text accepted (characters). */
export const MAX_SCENARIO_JSON_CHARS = 2 * 1024 * 1024;
export { MAX_INLINE_CAPTURE_CHARS };

// ---- device -------------------------------------------------------------

/** A 16-bit delay register value, raw (units as in e1000-model.md). */
const delayRegister = () => v.optional(integerIn(0, 0xffff), 0);
const ringSize = () => v.optional(integerStepIn(8, 4096, 8), 256);

/** Every device model's parameters, from their descriptors (device/models/index.ts): range, unit and default. */
const deviceParamsSchema = strictFields(
  Object.fromEntries(
    DEVICE_PARAM_SPECS.map((p) => [p.key, v.optional(p.integer ? integerIn(p.min, p.max) : numberIn(p.min, p.max, ` ${p.unit}`), p.default)]),
  ) as Record<DeviceParamKey, v.OptionalSchema<ReturnType<typeof numberIn>, number>>,
);

const deviceSchema = strictFields({
  model: v.optional(oneOf(DEVICE_MODELS), DEVICE_MODELS[0]),
  regs: v.optional(
    strictFields({ TIDV: delayRegister(), TADV: delayRegister(), RDTR: delayRegister(), RADV: delayRegister(), ITR: delayRegister() }),
    {},
  ),
  rxRing: ringSize(),
  txRing: ringSize(),
  rdmts: v.optional(oneOf(RDMTS_VALUES), '1/2'),
  linkGbps: v.optional(numberIn(0, 100, ' Gb/s; 0 = no link-rate limit'), 1),
  params: v.optional(deviceParamsSchema, {}),
});

// ---- guest --------------------------------------------------------------

const costs = () => v.optional(oneOf(COST_PROFILES), DEFAULT_COST_PROFILE);

/** One module parameter or tunable, as its driver's descriptor states its range. */
function driverParamSchema(p: DriverParamSpec) {
  return v.optional(p.modes ? integerOneOfOrIn(p.modes, p.min, p.max) : integerIn(p.min, p.max, p.allowed));
}

/**
 * The guest kernel's NAPI knobs (an addition to contract v1, Linux guests
 * only), by their Linux names; all default 0 (off).
 */
const napiSchema = strictFields({
  napi_defer_hard_irqs: v.optional(integerIn(0, 0x7fff_ffff, 'integer 0..2147483647 (S32_MAX, as sysfs takes it)'), 0),
  gro_flush_timeout: v.optional(integerIn(0, MAX_DURATION_US * 1000, `integer 0..${MAX_DURATION_US * 1000} ns`), 0),
  irq_suspend_timeout: v.optional(integerIn(0, MAX_DURATION_US * 1000, `integer 0..${MAX_DURATION_US * 1000} ns`), 0),
});

/** The server application on the guest (an addition to contract v1, Linux guests only). */
const serverSchema = strictFields({
  wait: v.optional(oneOf(['epoll', 'recvmsg'] as const), SERVER_DEFAULTS.wait),
  serviceUs: v.optional(numberIn(0, 10_000, ' us'), SERVER_DEFAULTS.serviceUs),
  syscallUs: v.optional(numberIn(0, 1000, ' us'), SERVER_DEFAULTS.syscallUs),
  replyBytes: v.optional(integerIn(64, 1518, 'integer 64..1518 bytes, FCS included'), SERVER_DEFAULTS.replyBytes),
  busy_poll_usecs: v.optional(integerIn(0, MAX_DURATION_US, `integer 0..${MAX_DURATION_US} us (busy-poll microseconds of 1,024 ns)`), 0),
  busy_poll_budget: v.optional(integerIn(1, 0xffff, 'integer 1..65535 frames per busy-poll call'), SERVER_DEFAULTS.busy_poll_budget),
  prefer_busy_poll: v.optional(v.boolean((issue) => `${showValue(issue.input)} is not allowed (true or false)`), false),
});

/** A knob the scenario's kernel does not have is rejected, naming the kernel that has it (core/guest/kernel/kernelFeatures.ts). */
const guestKernelHasKnobs = v.rawCheck<GuestSpec>(({ dataset, addIssue }) => {
  if (!dataset.typed || dataset.value.kernel === undefined) return;
  const g = dataset.value;
  const r = kernelRejects(g.kernel!, g.napi, g.server);
  if (r === null) return;
  let input: unknown = g;
  const path = r.path.map((key) => {
    const owner = input as Record<string, unknown>;
    input = owner[key];
    return { type: 'object' as const, origin: 'value' as const, input: owner, key, value: input };
  }) as [v.IssuePathItem, ...v.IssuePathItem[]];
  addIssue({ message: r.message, path });
});

/** The static shape every guest variant validates to (GuestSpec); the entries themselves come from the registry. */
type GuestVariant = v.StrictObjectSchema<
  {
    driver: v.OptionalSchema<v.LiteralSchema<GuestDriverName, undefined>, GuestDriverName>;
    costs: ReturnType<typeof costs>;
    params: v.OptionalSchema<v.GenericSchema<unknown, Record<string, number>>, {}>;
    kernel: v.OptionalSchema<v.GenericSchema<unknown, LinuxKernel>, undefined>;
    napi: v.OptionalSchema<v.GenericSchema<unknown, NapiSettings>, undefined>;
    server: v.OptionalSchema<v.GenericSchema<unknown, ServerSpec>, undefined>;
  },
  undefined
>;

/**
 * `guest`, one variant per driver of the registry (guest/drivers/index.ts):
 * its parameters by their real names and ranges, its kernel generations if
 * it has any. The first driver is the default.
 */
const guestSchema = v.pipe(variantBy(
  'driver',
  GUEST_DRIVER_REGISTRY.map((d, i) =>
    strictObjectOf({
      driver: i === 0 ? v.optional(v.literal(d.id), d.id) : v.literal(d.id),
      costs: costs(),
      params: v.optional(strictFields(Object.fromEntries(d.params.map((p) => [p.key, driverParamSchema(p)])), `driver "${d.id}"`), {}),
      ...('kernels' in d ? { kernel: v.optional(oneOf(d.kernels as unknown as readonly [string, ...string[]]), (d as GuestDriverDescriptor).defaultKernel ?? d.kernels[d.kernels.length - 1]) } : {}),
      ...('kernels' in d ? { napi: v.optional(napiSchema), server: v.optional(serverSchema) } : {}),
    }),
  ) as unknown as [GuestVariant, ...GuestVariant[]],
  `one of ${GUEST_DRIVERS.map((name) => JSON.stringify(name)).join(', ')}`,
), guestKernelHasKnobs);

// ---- traffic ------------------------------------------------------------

const frameInstants = v.pipe(
  v.array(numberIn(0, MAX_DURATION_US, ' us'), (issue) => `${showValue(issue.input)} is not an array (instants in us, sorted)`),
  v.maxLength(MAX_LISTED_FRAMES, (issue) => `${issue.input.length} instants are too many (at most ${MAX_LISTED_FRAMES})`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const instants = dataset.value;
    const index = instants.findIndex((instant, i) => i > 0 && instant < instants[i - 1]);
    if (index < 0) return;
    addIssue({
      message: `${instants[index]} is out of order (instants must not decrease; the one before is ${instants[index - 1]})`,
      path: [{ type: 'array', origin: 'value', input: instants, key: index, value: instants[index] }],
    });
  }),
);

/** A capture file named in a scenario file (the CLI reads it relative to the scenario file). */
const captureFile = v.pipe(
  v.string((issue) => `${showValue(issue.input)} is not text (the capture's file name or path)`),
  v.minLength(1, 'empty (the capture\'s file name or path)'),
  v.maxLength(1024, (issue) => `too long (${issue.input.length} characters; at most 1024)`),
);

/** A small capture inline, base64: it must decode and parse as pcap or pcapng. */
const inlineCapture = v.pipe(
  v.string((issue) => `${showValue(issue.input)} is not text (a pcap or pcapng capture in base64)`),
  v.maxLength(
    MAX_INLINE_CAPTURE_CHARS,
    (issue) =>
      `${issue.input.length} characters are too many (links carry only small captures: at most ${MAX_INLINE_CAPTURE_CHARS} characters of base64, ` +
      `about ${Math.floor((MAX_INLINE_CAPTURE_CHARS * 3) / 4 / 1024)} KB of capture; name a bigger capture with "file" in a scenario file)`,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const parsed = parseInlineCapture(dataset.value);
    if (!parsed.ok) addIssue({ message: `not a capture: ${parsed.error}` });
  }),
);

/** The capture replay pattern needs exactly one of `file` and `data`. */
function oneCaptureSource<T extends { pattern: string }>(direction: string) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value.pattern !== 'pcap') return;
    const spec = dataset.value as T & { file?: string; data?: string };
    if ((spec.file === undefined) !== (spec.data === undefined)) return;
    const both = spec.file !== undefined;
    addIssue({
      message: both
        ? `give "file" or "data", not both (${direction} pattern "pcap")`
        : `missing (${direction} pattern "pcap" needs "file", a capture next to the scenario file, or "data", a small capture in base64)`,
      path: [{ type: 'object', origin: 'value', input: spec, key: both ? 'data' : 'file', value: both ? spec.data : undefined }],
    });
  });
}

/** A number field of a traffic pattern, as its descriptor states range, unit and default. */
function trafficNumber(f: TrafficNumberField) {
  const schema = f.integer
    ? integerIn(f.min, f.max, f.rangeText)
    : f.aboveMin
      ? positiveUpTo(f.max, ` ${f.unit}`)
      : numberIn(f.min, f.max, ` ${f.unit}`);
  return f.default === undefined ? schema : v.optional(schema, f.default);
}

/** The schema of each kind of non-number field. */
const OTHER_FIELD_SCHEMAS = { instants: frameInstants, captureFile: captureFile, inlineCapture: inlineCapture } as const;

function trafficField(f: TrafficField) {
  if (f.kind === 'number') return trafficNumber(f);
  const schema = OTHER_FIELD_SCHEMAS[f.kind];
  return f.optional ? v.optional(schema) : schema;
}

/** One pattern's spec, from its descriptor (traffic/patterns/); `direction` ("rx" or "tx") is named in messages. */
function patternSchema(p: TrafficPatternDescriptor, direction: TrafficDirection) {
  return strictObjectOf(
    { pattern: v.literal(p.id), ...Object.fromEntries(p.fields.map((f) => [f.key, trafficField(f)])) },
    `${direction} pattern "${p.id}"`,
  );
}

/** What `traffic.<direction>.pattern` may be, for messages: this direction's patterns, and which are for the other only. */
function patternsAllowed(direction: TrafficDirection): string {
  const other = direction === 'rx' ? 'tx' : 'rx';
  const elsewhere = TRAFFIC_PATTERN_REGISTRY.filter((p) => !(p.directions as readonly string[]).includes(direction));
  return [
    `one of ${patternsFor(direction).map((p) => JSON.stringify(p.id)).join(', ')}`,
    ...elsewhere.map((p) => `${JSON.stringify(p.id)} is for ${other} only`),
  ].join('; ');
}

/** A direction's traffic: one variant per pattern of the registry that may drive it, and the patterns' whole-spec checks. */
function trafficSchemaFor(direction: TrafficDirection) {
  const patterns = patternsFor(direction);
  const variant = variantBy('pattern', patterns.map((p) => patternSchema(p, direction)) as unknown as [PatternVariant, ...PatternVariant[]], patternsAllowed(direction));
  const schema = patterns.some((p) => p.check === 'oneCaptureSource') ? v.pipe(variant, oneCaptureSource(direction)) : variant;
  return schema as unknown as v.GenericSchema<TrafficSpecInput, TrafficSpec>;
}

/** The static shape every pattern variant validates to (TrafficSpec); the entries themselves come from the registry. */
type PatternVariant = v.StrictObjectSchema<{ pattern: v.LiteralSchema<TrafficPattern, undefined> }, undefined>;

const rxTrafficSchema = trafficSchemaFor('rx');
const txTrafficSchema = trafficSchemaFor('tx');

const trafficSchema = strictFields({
  rx: v.optional(rxTrafficSchema, { pattern: 'none' }),
  tx: v.optional(txTrafficSchema, { pattern: 'none' }),
});

// ---- register console ---------------------------------------------------

/** Most register accesses one scenario may carry from the register console. */
export const MAX_CONSOLE_OPS = 1000;
const REGISTER_NAMES = REGISTERS.map((r) => r.name) as unknown as readonly [RegName, ...RegName[]];
const consoleTime = () => numberIn(0, MAX_DURATION_US, ' us');
const consoleRegister = () => oneOf(REGISTER_NAMES);

/** One access from the register console: `{"tUs": 12, "op": "write", "reg": "ICS", "value": 128}` or `{"tUs": 20, "op": "read", "reg": "ICR"}`. */
const consoleOpSchema = variantBy(
  'op',
  [
    strictObjectOf(
      { tUs: consoleTime(), op: v.literal('write'), reg: consoleRegister(), value: integerIn(0, 0xffff_ffff, 'integer 0..4294967295 (32 bits)') },
      'console op "write"',
    ),
    strictObjectOf({ tUs: consoleTime(), op: v.literal('read'), reg: consoleRegister() }, 'console op "read"'),
  ],
  'one of "write", "read"',
);

const consoleSchema = v.pipe(
  v.array(consoleOpSchema, (issue) => `${showValue(issue.input)} is not an array (register accesses in time order)`),
  v.maxLength(MAX_CONSOLE_OPS, (issue) => `${issue.input.length} register accesses are too many (at most ${MAX_CONSOLE_OPS})`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const ops = dataset.value;
    const index = ops.findIndex((op, i) => i > 0 && op.tUs < ops[i - 1].tUs);
    if (index < 0) return;
    addIssue({
      message: `${ops[index].tUs} is out of order (accesses must not go back in time; the one before is at ${ops[index - 1].tUs} us)`,
      path: [
        { type: 'array', origin: 'value', input: ops, key: index, value: ops[index] },
        { type: 'object', origin: 'value', input: ops[index], key: 'tUs', value: ops[index].tUs },
      ],
    });
  }),
);

// ---- scenario -----------------------------------------------------------

/** The device models with a wire of their own (the registry's `hasWire`), as the saturate rule names them. */
const WIRED_MODELS = DEVICE_MODEL_REGISTRY.filter((d) => d.hasWire).map((d) => d.id);
const WIRED_TEXT = WIRED_MODELS.length === 1 ? `the ${WIRED_MODELS[0]}` : `a model with a wire (${WIRED_MODELS.join(', ')})`;

/** Contract v1. Parse with `parseScenario`, which also checks the version first. */
export const scenarioSchema = v.pipe(
  strictFields({
    v: v.literal(1),
    name: v.optional(textUpTo(80), 'untitled'),
    seed: v.optional(integerIn(0, 0xffff_ffff, 'uint32, integer 0..4294967295'), 1),
    durationUs: v.optional(positiveUpTo(MAX_DURATION_US, ' us'), 1000),
    device: v.optional(deviceSchema, {}),
    guest: v.optional(guestSchema, {}),
    traffic: v.optional(trafficSchema, {}),
    console: v.optional(consoleSchema),
    host: v.optional(strictFields({ placement: v.optional(oneOf(HOST_PLACEMENTS), 'shared') })),
  }),
  v.forward(
    v.check(
      (scenario) =>
        !(
          scenario.traffic.tx.pattern === 'saturate' &&
          !guestDriverDescriptor(scenario.guest.driver).hasCosts &&
          !(deviceModelDescriptor(scenario.device.model).hasWire && scenario.device.linkGbps > 0)
        ),
      (issue) =>
        `"saturate" never stops here: guest.driver ${JSON.stringify(issue.input.guest.driver)} sends at zero cost and there is no wire to pace it ` +
        `(QEMU models have none; ${WIRED_TEXT} has none at linkGbps 0); pick a driver with costs (${GUEST_DRIVER_REGISTRY.filter((d) => d.hasCosts)
          .map((d) => d.id)
          .join(', ')}) or ${WIRED_TEXT} with a link`,
    ),
    ['traffic', 'tx', 'pattern'] as const,
  ),
  v.forward(
    v.check(
      (scenario) => scenario.guest.server === undefined || scenario.traffic.tx.pattern === 'none',
      'must be "none" with guest.server: the server application is the guest\'s application, and its replies are the TX traffic',
    ),
    ['traffic', 'tx', 'pattern'] as const,
  ),
);

/** What a scenario looks like before defaults are filled (the JSON shape; e.g. for presets). */
export type ScenarioInput = v.InferInput<typeof scenarioSchema>;

/** Validates any value as a scenario and fills defaults. The error is one line naming the field. */
export function parseScenario(input: unknown): Result<Scenario> {
  const migrated = migrateToCurrentVersion(input);
  if (!migrated.ok) return migrated;
  const result = v.safeParse(scenarioSchema, migrated.value, { abortEarly: true });
  if (!result.success) return err(formatIssue(result.issues[0]));
  // The guest variants come from the driver registry, so their static type is wide; the schema checked them.
  const scenario = result.output as Scenario;
  return ok(scenario);
}

/** Parses scenario JSON text: size cap, JSON syntax (with line and column), then `parseScenario`. */
export function parseScenarioJson(text: string): Result<Scenario> {
  if (text.length > MAX_SCENARIO_JSON_CHARS) {
    return err(`scenario: too large (${text.length} characters; at most ${MAX_SCENARIO_JSON_CHARS})`);
  }
  const json = parseJsonText(text);
  if (!json.ok) return err(`JSON syntax error: ${json.error}`);
  return parseScenario(json.value);
}

/** JSON.parse without throwing; the error is its message on one line, with line and column when it gives only a position. */
export function parseJsonText(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    const position = /at position (\d+)/.exec(message);
    if (!position || /line \d+/.test(message)) return err(message);
    const linesBefore = text.slice(0, Number(position[1])).split('\n');
    return err(`${message} (line ${linesBefore.length}, column ${linesBefore[linesBefore.length - 1].length + 1})`);
  }
}
