import { IMS_ENABLE_MASK, TXD_CMD_EOP, TXD_CMD_IDE, TXD_CMD_IFCS, TXD_CMD_RS } from '../../causes';
import type { GuestDriver } from '../vcpu';
import { read, write, type GuestThread } from '../ops';
import type { DriverEnv } from './driverEnv';
import type { GuestDriverDescriptor } from './descriptor';

/**
 * `ideal`: a zero-cost driver for exact timer lessons. At each interrupt it
 * reads ICR, reclaims every finished TX descriptor, takes every stored RX
 * frame, refills RX to N-1 and writes RDT, all in the same instant.
 * IMS = RXT0|TXDW|RXDMT0|RXSEQ|LSC; TX descriptors EOP|IFCS|RS, plus IDE
 * iff TIDV != 0. RX is filled to N-1 at start.
 */
export function createIdealDriver(env: DriverEnv): GuestDriver {
  const { nic, rings, regs } = env;
  const sender = env.makeSender({
    stopBelow: 1,
    stopBeforeSendBelow: 0,
    wakeAtLeast: 1,
    reclaimBelow: 0,
    contextDescriptor: 'none',
    txCmd: () => TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS | ((nic.reg('TIDV') & 0xffff) !== 0 ? TXD_CMD_IDE : 0),
  });

  // Start: program the delay registers from the scenario, unmask, fill RX to N-1.
  nic.mmioWrite('TIDV', regs.TIDV);
  nic.mmioWrite('TADV', regs.TADV);
  nic.mmioWrite('RDTR', regs.RDTR);
  nic.mmioWrite('RADV', regs.RADV);
  nic.mmioWrite('ITR', regs.ITR);
  nic.mmioWrite('RDT', rings.refillRx(rings.rxUnused()));
  nic.mmioWrite('IMS', IMS_ENABLE_MASK);

  return {
    *isr(): GuestThread {
      const icr = yield read('ICR');
      if (icr === 0) return;
      while (rings.txDone()) rings.reclaimTx();
      while (rings.rxReady()) rings.takeRx();
      const unused = rings.rxUnused();
      if (unused > 0) yield write('RDT', rings.refillRx(unused));
      if (sender.maybeWake()) env.wakeApp();
    },
    *poll(): GuestThread {},
    app: () => sender.thread(),
  };
}

export const IDEAL = {
  id: 'ideal',
  label: 'ideal (zero cost)',
  note: 'A zero-cost guest for exact timer lessons: at each interrupt it takes everything in the same instant.',
  hasCosts: false,
  params: [],
  fixedRegs: {},
  create: createIdealDriver,
} as const satisfies GuestDriverDescriptor;
