/**
 * Linux e1000's InterruptThrottleRate logic (e1000_main.c: e1000_set_itr,
 * e1000_update_itr; e1000_param.c). Modes: 0 off; 1 dynamic; 3 dynamic
 * conservative (no lowest-latency class); 4 simplified (2000..8000/s from
 * the TX/RX byte balance, every 2 s); 100..100000 a fixed rate.
 */
const enum LatencyClass {
  LOWEST = 0,
  LOW = 1,
  BULK = 2,
}

const CLASS_RATE = [70000, 20000, 4000];

/** ITR register value for a rate in interrupts/s (1e9 / (rate x 256)). */
export function itrRegForRate(rate: number): number {
  return Math.floor(1_000_000_000 / (rate * 256));
}

function updateClass(cls: LatencyClass, packets: number, bytes: number): LatencyClass {
  if (packets === 0) return cls;
  const perPacket = bytes / packets;
  switch (cls) {
    case LatencyClass.LOWEST:
      if (perPacket > 8000) return LatencyClass.BULK;
      if (packets < 5 && bytes > 512) return LatencyClass.LOW;
      return cls;
    case LatencyClass.LOW:
      if (bytes > 10000) {
        if (perPacket > 8000) return LatencyClass.BULK;
        if (packets < 10 || perPacket > 1200) return LatencyClass.BULK;
        if (packets > 35) return LatencyClass.LOWEST;
        return cls;
      }
      if (perPacket > 2000) return LatencyClass.BULK;
      if (packets <= 2 && bytes < 512) return LatencyClass.LOWEST;
      return cls;
    case LatencyClass.BULK:
      if (bytes > 25000) {
        if (packets > 35) return LatencyClass.LOW;
      } else if (bytes < 6000) {
        return LatencyClass.LOW;
      }
      return cls;
  }
}

export class LinuxItr {
  /** InterruptThrottleRate as given. */
  readonly setting: number;
  /** Current rate in interrupts/s (adapter->itr). */
  rate: number;
  // The adapter is zero-allocated, so both start as lowest_latency (0).
  private txClass = LatencyClass.LOWEST;
  private rxClass = LatencyClass.LOWEST;
  txPackets = 0;
  txBytes = 0;
  rxPackets = 0;
  rxBytes = 0;
  /** Good octets since the last watchdog (mode 4). */
  private txOctets = 0;
  private rxOctets = 0;

  constructor(setting: number) {
    this.setting = setting;
    this.rate = setting === 1 || setting === 3 ? 20000 : setting === 4 ? 8000 : setting;
  }

  /** The ITR value the driver writes at start, or null if it leaves ITR alone (mode 0 writes 0). */
  initialReg(): number {
    return this.setting === 0 ? 0 : itrRegForRate(this.rate);
  }

  get adaptive(): boolean {
    return this.setting === 1 || this.setting === 3;
  }

  /** e1000_intr zeroes the totals when it schedules NAPI. */
  resetTotals(): void {
    this.txPackets = this.txBytes = this.rxPackets = this.rxBytes = 0;
  }

  countTx(bytes: number): void {
    this.txPackets++;
    this.txBytes += bytes;
    this.txOctets += bytes;
  }

  countRx(bytes: number): void {
    this.rxPackets++;
    this.rxBytes += bytes;
    this.rxOctets += bytes;
  }

  /** e1000_set_itr at the end of a NAPI poll: the new ITR register value, or null if unchanged. */
  onPollComplete(): number | null {
    if (!this.adaptive) return null;
    this.txClass = updateClass(this.txClass, this.txPackets, this.txBytes);
    if (this.setting === 3 && this.txClass === LatencyClass.LOWEST) this.txClass = LatencyClass.LOW;
    this.rxClass = updateClass(this.rxClass, this.rxPackets, this.rxBytes);
    if (this.setting === 3 && this.rxClass === LatencyClass.LOWEST) this.rxClass = LatencyClass.LOW;
    const target = CLASS_RATE[Math.max(this.txClass, this.rxClass)];
    if (target === this.rate) return null;
    // Raise the rate gradually (a quarter of the target per step), lower it at once.
    this.rate = target > this.rate ? Math.min(this.rate + (target >> 2), target) : target;
    return itrRegForRate(this.rate);
  }

  /** Mode 4, from the 2 s watchdog: 2000..8000/s from the TX/RX byte balance. */
  onWatchdog(): number | null {
    if (this.setting !== 4) return null;
    const goc = Math.floor((this.txOctets + this.rxOctets) / 10000);
    const dif = Math.floor(Math.abs(this.txOctets - this.rxOctets) / 10000);
    this.txOctets = this.rxOctets = 0;
    this.rate = goc > 0 ? Math.floor((dif * 6000) / goc) + 2000 : 8000;
    return itrRegForRate(this.rate);
  }
}
