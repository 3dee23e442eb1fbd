import type { GuestDriver } from '../vcpu';
import type { DriverEnv } from './driverEnv';
import type { DriverParamSpec, GuestDriverDescriptor } from './descriptor';
import { createNapiDriver } from './napiDriver';
import { MODERN_LINUX_NAPI } from './modernLinuxNapi';
import { ICE_RX_PROFILES, NET_DIM_DEF_PROFILE, NetDim, RX_CQE_PROFILES, RX_EQE_PROFILES, type DimProfile, type DimStep, type DimTrace } from './netDim';

/**
 * The RX profile tables DIM can drive, and the device settings each entry
 * programs: net_dim's EQE and CQE tables are (usec, pkts) for a
 * completion-queue NIC (`frames-time`: rx-usecs, rx-frames, and the CQ
 * period mode the table belongs to, as mlx5e_rx_dim_work and
 * virtnet_rx_dim_work program them); ice's are (ITR, INTRL) pairs
 * (`itr-ratecap`: rx-usecs, rx-usecs-high; ice_rx_dim_work).
 */
export const DIM_RX_TABLES = [
  { id: 0, name: 'net_dim RX EQE', profiles: RX_EQE_PROFILES, program: (x: DimProfile) => [['cqRxCqeMode', 0], ['cqRxUsecs', x.usec], ['cqRxFrames', x.pkts]] as const },
  { id: 1, name: 'net_dim RX CQE', profiles: RX_CQE_PROFILES, program: (x: DimProfile) => [['cqRxCqeMode', 1], ['cqRxUsecs', x.usec], ['cqRxFrames', x.pkts]] as const },
  { id: 2, name: 'ice RX (ITR, INTRL)', profiles: ICE_RX_PROFILES, program: (x: DimProfile) => [['itrRxUsecs', x.usec], ['intrlUsecs', x.pkts]] as const },
] as const;

/** The ethtool names of the settings a table programs. */
const SETTING_NAMES: Record<string, string> = { cqRxUsecs: 'rx-usecs', cqRxFrames: 'rx-frames', itrRxUsecs: 'rx-usecs', intrlUsecs: 'rx-usecs-high' };

/**
 * `rx-profile`, editable as ethtool-netlink allows (Documentation/networking/ethtool-netlink.rst,
 * ETHTOOL_A_COALESCE_RX_PROFILE, v6.13): per entry of the five, its usec and pkts
 * (for the ice table: ITR and INTRL, in the same fields); 0 keeps the table's value.
 */
const RX_PROFILE_PARAMS: DriverParamSpec[] = [0, 1, 2, 3, 4].flatMap((i) => [
  { key: `rxProfile${i}Usec`, label: `rx-profile entry ${i} usec (0 = the table's)`, unit: 'us', min: 0, max: 8160 },
  { key: `rxProfile${i}Pkts`, label: `rx-profile entry ${i} pkts (0 = the table's)`, unit: 'frames', min: 0, max: 65535 },
]);

/** Decisions kept for the step-through view (the oldest are dropped past this). */
const MAX_LOGGED_STEPS = 20_000;

/** A driver whose moderation DIM decides; its log of net_dim calls. */
export interface DimDriver extends GuestDriver {
  readonly dim: NetDim;
  readonly dimLog: DimStep[];
  /** The table in use. */
  readonly dimTable: { name: string; profiles: readonly DimProfile[] };
  dimTrace(): DimTrace;
}

/**
 * `linux-dim`: a Linux NAPI driver with RX DIM (the pattern of mlx5e_napi_poll
 * + mlx5e_handle_rx_dim, and virtnet_poll + virtnet_rx_dim_update since
 * 6208799553a8, v6.8). The ISR, the poll, the budget of 64 and the refill
 * batches are the e1000 NAPI driver's (napiDriver.ts). DIM's sample at each
 * completed poll: events = interrupts that scheduled a poll (the EQ's
 * event_ctr), packets and bytes received. When DIM picks a new profile its
 * work item programs the device; the model runs it at once, at the end of
 * that poll, at no cost (mlx5: a MODIFY_CQ firmware command; virtio: a
 * control-virtqueue command, which costs a VM exit the model does not
 * charge), then measuring starts again. The device model must be one that
 * takes the table's settings (frames-time for EQE/CQE, itr-ratecap for ice);
 * another ignores them. With `adaptiveRx` 0 (`ethtool -C adaptive-rx off`)
 * DIM does not run and the device keeps the scenario's settings.
 */
export function createLinuxDim(env: DriverEnv): DimDriver {
  const base = DIM_RX_TABLES[env.params.rxDimProfile ?? 0];
  // rx-profile (ethtool-netlink ETHTOOL_A_COALESCE_RX_PROFILE): each entry's fields may be set; 0 or absent keeps the table's.
  const profiles = base.profiles.map((x, i) => ({ usec: env.params[`rxProfile${i}Usec`] || x.usec, pkts: env.params[`rxProfile${i}Pkts`] || x.pkts }));
  const edited = profiles.some((x, i) => x.usec !== base.profiles[i].usec || x.pkts !== base.profiles[i].pkts);
  const table = { ...base, name: edited ? `${base.name}, rx-profile edited` : base.name, profiles };
  const adaptive = (env.params.adaptiveRx ?? 1) === 1;
  const dim = new NetDim(NET_DIM_DEF_PROFILE);
  const dimLog: DimStep[] = [];
  const program = () => {
    for (const [key, value] of table.program(table.profiles[dim.profileIx])) env.nic.setDeviceParam(key, value);
  };
  if (adaptive) program(); // the driver's start: the default profile (net_dim_get_def_rx_moderation)
  let events = 0;
  let packets = 0;
  let bytes = 0;
  const driver = createNapiDriver(env, {
    ...MODERN_LINUX_NAPI,
    countRx: (b) => {
      packets++;
      bytes += b;
    },
    onSchedule: () => {
      events++;
    },
    itrAfterPoll: () => {
      if (!adaptive) return null;
      const step = dim.sample({ timeNs: env.ctx.now, eventCtr: events % 65536, pktCtr: packets % 2 ** 32, byteCtr: bytes % 2 ** 32 });
      if (step.decided) {
        if (dimLog.length >= MAX_LOGGED_STEPS) dimLog.shift();
        dimLog.push(step);
      }
      if (step.newProfile) {
        program();
        dim.workDone();
      }
      return null;
    },
  });
  const profileLabels = table.profiles.map((x) => table.program(x).filter(([k]) => !k.endsWith('CqeMode')).map(([k, v]) => `${SETTING_NAMES[k] ?? k} ${v}`).join(', '));
  return { ...driver, dim, dimLog, dimTable: table, dimTrace: () => ({ table: table.name, profiles: table.profiles, profileLabels, steps: dimLog.slice() }) };
}

export const LINUX_DIM = {
  id: 'linux-dim',
  label: 'Linux NAPI (+ DIM with adaptive-rx)',
  note: "A Linux NAPI driver whose RX moderation lib/dim's net_dim decides at each completed poll (mlx5, virtio_net): five profiles, a decision every 64 interrupts.",
  hasCosts: true,
  params: [
    {
      key: 'rxDimProfile',
      label: 'DIM RX table (0 net_dim EQE, 1 net_dim CQE, 2 ice)',
      unit: '',
      min: 0,
      max: 2,
    },
    { key: 'adaptiveRx', label: 'adaptive-rx (0 off, 1 on)', unit: '', min: 0, max: 1 },
    ...RX_PROFILE_PARAMS,
  ],
  fixedRegs: {},
  create: createLinuxDim,
} as const satisfies GuestDriverDescriptor;
