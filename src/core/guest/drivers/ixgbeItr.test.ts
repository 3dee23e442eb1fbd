import { describe, expect, it } from 'vitest';
import { IXGBE_ITR_ADAPTIVE_LATENCY as LAT, ixgbeSetItr, ixgbeUpdateItr, newRingContainer } from './ixgbeItr';

/** One update of a fresh container that was updated this jiffy, with `packets` of `size` bytes. */
function update(packets: number, size: number, vectorItr = 200, linkGbps = 10, prevItr = 0) {
  const rc = { ...newRingContainer(), totalPackets: packets, totalBytes: packets * size, itr: prevItr };
  ixgbeUpdateItr(rc, vectorItr, 0, linkGbps);
  return rc;
}

describe('ixgbe_update_itr (ixgbe_main.c), values worked out by hand', () => {
  it('bulk mode at 10 Gb/s: 20 us at <= 60 B (5120 / 512 = 10 x 2), 126 us at >= 1968 B (ceil(32256 / 512) = 63 x 2)', () => {
    expect(update(256, 60).itr).toBe(20);
    expect(update(300, 64 - 4).itr).toBe(20);
    expect(update(256, 1968).itr).toBe(126);
    expect(update(1000, 9000).itr).toBe(126);
    // In between: 1500 B -> 1500 x 5 + 22420 = 29920 -> ceil(29920 / 512) = 59 -> 118 us.
    expect(update(256, 1500).itr).toBe(118);
    // 316 B: 316 x 40 + 2720 = 15360 -> 30 x 2 = 60 us (16K/s).
    expect(update(256, 316).itr).toBe(60);
  });

  it('as interrupt rates: 20 us is 50,000/s and 126 us about 7,937/s', () => {
    expect(1e6 / update(256, 60).itr).toBe(50_000);
    expect(Math.round(1e6 / update(256, 1968).itr)).toBe(7937);
  });

  it('latency mode under 4 packets and 9,000 bytes: the size term halved, flag set (60 B -> 2560 -> 10 us)', () => {
    expect(update(3, 60).itr).toBe(LAT | 10);
    expect(update(1, 1500).itr).toBe(LAT | 60); // 29920 / 2 = 14960 -> 30 x 2
    // 3 packets of 3000 B: 9,000 bytes is not under 9,000, so not latency mode; 3 < 48: +2 us.
    expect(update(3, 3000).itr).toBe(52);
  });

  it('4-47 packets: +2 us; 48-95: unchanged; 96-255: halved, at least 10 us (vector ITR 200 = 50 us)', () => {
    expect(update(4, 64).itr).toBe(52);
    expect(update(47, 64).itr).toBe(52);
    expect(update(48, 64).itr).toBe(50);
    expect(update(95, 64).itr).toBe(50);
    expect(update(96, 64).itr).toBe(25);
    expect(update(255, 64, 40).itr).toBe(10); // 40 >> 3 = 5 -> 10
    expect(update(10, 64, 126 << 2).itr).toBe(126); // +2 capped at 126
  });

  it('at 1 Gb/s the divisor is 64 and the size is capped at 8064: 60 B -> 5120 / 128 = 40 x 2 = 80 us; >= 1968 B -> 63 x 2 = 126 us', () => {
    expect(update(256, 60, 200, 1).itr).toBe(80);
    expect(update(256, 1968, 200, 1).itr).toBe(126);
  });

  it('latency mode lowers the ITR by one 2 us step at a time', () => {
    expect(update(1, 60, 200, 10, LAT | 40).itr).toBe(LAT | 38);
  });

  it('no packets: +2 us from the vector, keeping the latency flag; not updated within a jiffy: 10 us latency', () => {
    expect(update(0, 0, 200, 10, LAT | 10).itr).toBe(LAT | 52);
    const rc = { ...newRingContainer(), totalPackets: 500, totalBytes: 500 * 1500, nextUpdate: 3 };
    ixgbeUpdateItr(rc, 200, 5, 10);
    expect(rc.itr).toBe(LAT | 10);
    expect([rc.totalPackets, rc.totalBytes, rc.nextUpdate]).toEqual([0, 0, 6]);
  });

  it('ixgbe_set_itr: the vector takes the smaller container, without the flag, in 0.25 us', () => {
    const rx = { ...newRingContainer(), totalPackets: 256, totalBytes: 256 * 60 };
    const tx = { ...newRingContainer(), totalPackets: 0, totalBytes: 0 };
    // rx: 20 (bulk); tx: no packets -> (200 >> 2) + 2 = 52 -> min 20 -> 80.
    expect(ixgbeSetItr(rx, tx, 200, 0, 10)).toBe(80);
  });
});
