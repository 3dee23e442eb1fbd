/** `npm run sim -- --ethtool` and `--ethtool-c FILE` (issue 23), by sim's `main` in-process. */
import { describe, expect, it } from 'vitest';
import { runInProcess, scratchFiles } from './cliTestKit';
import { main as simMain } from './sim';

const sim = (...args: string[]) => runInProcess(simMain, args);
const { file } = scratchFiles('e1000-sim-ethtool-');

describe('sim: the ethtool vocabulary', () => {
  it('--ethtool prints the scenario as the ethtool -C command and exits 0', async () => {
    const r = await sim('--preset', 'frames-time-cqe', '--ethtool');
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe('ethtool -C eth0 adaptive-rx off rx-usecs 16 rx-frames 32 tx-usecs 16 tx-frames 32 cqe-mode-rx on cqe-mode-tx off\n');
  });

  it('--ethtool-c reads a pasted output into the scenario; a bad value exits 2 with one line', async () => {
    const good = file('mlx5.txt', 'Adaptive RX: off  TX: off\nrx-usecs: 8\nrx-frames: 128\nCQE mode RX: on  TX: off\n');
    const r = await sim('--preset', 'default', '--ethtool-c', good, '--ethtool');
    expect(r.stdout).toBe('ethtool -C eth0 adaptive-rx off rx-usecs 8 rx-frames 128 tx-usecs 16 tx-frames 32 cqe-mode-rx on cqe-mode-tx off\n');
    const bad = file('bad.txt', 'rx-usecs: 99999\n');
    const b = await sim('--preset', 'frames-time-eqe', '--ethtool-c', bad);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/^sim: .*bad\.txt: ethtool -c line 1: rx-usecs: 99999 is out of range \(integer 0\.\.4095 us\)\n$/);
  });

  it('a model without ethtool settings: exit 2, one line', async () => {
    const r = await sim('--preset', 'default', '--ethtool');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('sim: device.model: "8254x" has no ethtool -C settings (its delay registers come from the driver\'s parameters); one of "frames-time", "itr-ratecap" has\n');
  });
});
