/** ICR cause bits of the 8254x (SDM 13.4.17). One table for core and UI. */
export const TXDW = 0x1;
export const TXQE = 0x2;
export const LSC = 0x4;
export const RXSEQ = 0x8;
export const RXDMT0 = 0x10;
export const RXO = 0x40;
export const RXT0 = 0x80;
export const MDAC = 0x200;
export const TXD_LOW = 0x8000;
export const SRPD = 0x10000;

export interface CauseInfo {
  name: string;
  bit: number;
  mask: number;
  help: string;
}

export const CAUSES: readonly CauseInfo[] = [
  { name: 'TXDW', bit: 0, mask: TXDW, help: 'Transmit descriptor written back (delayed by TIDV/TADV when the descriptor has IDE)' },
  { name: 'TXQE', bit: 1, mask: TXQE, help: 'Transmit queue empty: TDH reached TDT' },
  { name: 'LSC', bit: 2, mask: LSC, help: 'Link status change' },
  { name: 'RXSEQ', bit: 3, mask: RXSEQ, help: 'Receive sequence error' },
  { name: 'RXDMT0', bit: 4, mask: RXDMT0, help: 'Free RX descriptors fell to the RDMTS threshold (immediate)' },
  { name: 'RXO', bit: 6, mask: RXO, help: 'Receiver overrun: a frame was dropped because the RX ring was full (immediate)' },
  { name: 'RXT0', bit: 7, mask: RXT0, help: 'Receiver timer: frames stored and the RDTR/RADV delay rules met' },
  { name: 'MDAC', bit: 9, mask: MDAC, help: 'MDI/O access complete' },
  { name: 'TXD_LOW', bit: 15, mask: TXD_LOW, help: 'Transmit descriptors fell below the low threshold' },
  { name: 'SRPD', bit: 16, mask: SRPD, help: 'Small receive packet detected' },
];

/** What Linux e1000 (and this project's ideal driver) enables in IMS. */
export const IMS_ENABLE_MASK = RXT0 | TXDW | RXDMT0 | RXSEQ | LSC;

export function causeNames(icr: number): string[] {
  const names: string[] = [];
  for (const c of CAUSES) if (icr & c.mask) names.push(c.name);
  return names;
}

/** Legacy TX descriptor command bits (CMD byte). */
export const TXD_CMD_EOP = 0x01;
export const TXD_CMD_IFCS = 0x02;
export const TXD_CMD_RS = 0x08;
/** Extended descriptor (DEXT): set on context descriptors (and extended data descriptors). */
export const TXD_CMD_DEXT = 0x20;
export const TXD_CMD_IDE = 0x80;
