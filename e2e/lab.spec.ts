import { expect, test, type Page } from '@playwright/test';
import { expectNoAlert, interrupts, openApp, settled, shot, waitReady } from './helpers';
import { LESSONS } from '../src/content/lessons';

/** The delta table's rows as text, for comparing two pages. */
async function tableText(page: Page): Promise<string> {
  return page.getByTestId('delta-table').innerText();
}

test('compare: lanes on one axis with a shared cursor, a delta table, and a link that round-trips', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  // The starting comparison runs by itself (in workers): two lanes and a table.
  await expect(page.getByTestId('delta-table')).toBeVisible();
  await expect(page.getByTestId('cmp-lane')).toHaveCount(2);
  await expect(page.getByTestId('delta-table').getByRole('row', { name: /interrupts\/s/ })).toContainText('20,000');

  // Add a configuration that changes a register, run again.
  await page.getByRole('button', { name: 'Add configuration' }).click();
  await page.getByLabel('Configuration 3 label').fill('qemu-2013, RADV 8');
  await page.getByLabel('RADV of configuration 3').fill('8');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  await expect(page.getByTestId('cmp-lane')).toHaveCount(3);
  await expect(page.getByTestId('delta-table')).toContainText('qemu-2013, RADV 8');

  // Hovering one lane moves the cursor in all of them.
  const lane = page.getByTestId('cmp-lane').nth(1).locator('canvas');
  const box = (await lane.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await expect(page.getByTestId('cmp-cursor')).toHaveText(/t = 9\d(\.\d+)? µs/);
  const readouts = page.getByTestId('cmp-readout');
  for (let i = 0; i < 3; i++) await expect(readouts.nth(i)).toContainText(/interrupts? · \d+ RX arrived/);
  await shot(page, 'lab-01-compare');

  // Copy as Markdown.
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md.split('\n')[0]).toBe('| Metric | As loaded | QEMU 2013 (merged) | Δ vs As loaded | qemu-2013, RADV 8 | Δ vs As loaded |');

  // The link carries the comparison: another page opens the same view and table.
  expect(page.url()).toMatch(/#c1\.[A-Za-z0-9+\-$]+$/);
  await page.getByRole('button', { name: 'Copy comparison link' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  const other = await context.newPage();
  await other.goto(link);
  await waitReady(other);
  await expect(other.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByTestId('cmp-lane')).toHaveCount(3);
  expect(await tableText(other)).toBe(await tableText(page));
  await expectNoAlert(other);

  // Back to the simulator: its own link returns.
  await other.getByRole('tab', { name: 'Simulator' }).click();
  await expect.poll(() => other.url()).toMatch(/#s1\./);
  await other.close();
});

test('compare: one configuration opens in the Simulator\'s own panels at the cursor, on a store of its own', async ({ page }) => {
  await openApp(page);
  const pageNow = await page.getByTestId('now').innerText();
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(page.getByTestId('cmp-lane')).toHaveCount(2);
  const lane = page.getByTestId('cmp-lane').nth(1);
  const box = (await lane.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  const cursor = (await page.getByTestId('cmp-cursor').innerText()).replace('t = ', '');
  await lane.getByRole('button', { name: 'Panels at cursor' }).click();
  const inspect = page.getByTestId('cmp-inspect');
  await expect(inspect).toBeVisible();
  // The same panels as the Simulator: rings, ICR, timers and the timeline, for this configuration.
  await expect(inspect.getByRole('heading', { name: /QEMU 2013 \(merged\), in the Simulator's panels from t = / })).toBeVisible();
  for (const name of ['RX ring', 'TX ring', 'Timeline']) await expect(inspect.getByRole('heading', { name, exact: true })).toBeVisible();
  await expect(inspect.getByTestId('inspect-now')).toHaveText(`t = ${cursor}`);
  await expect(inspect.getByTestId('timeline-canvas')).toBeVisible();
  // Stepping it moves its own clock, not the page's simulator.
  await inspect.getByRole('button', { name: 'Next interrupt ▶|' }).click();
  await expect(inspect.getByTestId('inspect-now')).not.toHaveText(`t = ${cursor}`);
  await expect(inspect.getByTestId('explain')).toContainText('Why this interrupt');
  await inspect.screenshot({ path: 'test-results/compare-inspect.png' });
  await page.getByRole('tab', { name: 'Simulator' }).click();
  await expect(page.getByTestId('now')).toHaveText(pageNow);
  await expectNoAlert(page);
});

test('compare: a bad comparison link says what is wrong', async ({ page }) => {
  await openApp(page, '#c1.not-a-comparison!!');
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('alert')).toContainText('This comparison link could not be loaded');
  await expect(page.getByRole('alert')).toContainText('corrupt');
  // The simulator is untouched and usable.
  await page.getByRole('tab', { name: 'Simulator' }).click();
  await expect(page.getByTestId('scenario-name')).toContainText('RDTR restarts, RADV cuts it short');
});

test('sweep: four points on the worker pool, a progress bar, plots, and a point loads into the simulator', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Sweep' }).click();
  await expect(page.getByLabel('Parameter to sweep')).toHaveValue('device.regs.ITR');
  // Parameters that cannot change this run say so in the menu.
  await expect(page.getByLabel('Parameter to sweep').locator('option[value="device.params.rizzoBottomHalfUs"]')).toContainText('no effect here');
  await page.getByLabel('Seeds per point').fill('1');
  await page.getByLabel('From', { exact: true }).fill('0');
  await page.getByLabel('To', { exact: true }).fill('300');
  await page.getByLabel('Points').fill('4');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  const progress = page.getByRole('progressbar', { name: 'Sweep progress' });
  await expect(progress).toHaveAttribute('aria-valuenow', '4');
  await expect(progress).toHaveAttribute('aria-valuetext', '4 of 4 runs');
  await expect(page.getByTestId('sweep-status')).toHaveText('4 points done.');
  for (const id of ['plot-tradeoff', 'plot-latencyP99Us', 'plot-interruptsPerSec', 'plot-guestCpuUtil', 'plot-throughput', 'plot-rxDropped']) {
    await expect(page.getByTestId(id).locator('[data-point]')).toHaveCount(4);
  }
  await expect(page.getByTestId('plot-latencyP99Us')).toContainText('p99 latency (µs)');
  await expect(page.getByTestId('plot-latencyP99Us')).toContainText('ITR, interrupt throttling interval (units of 256 ns)');
  // The question of the issue, answered for a 50 µs bound.
  await expect(page.getByTestId('sweep-answer')).toContainText(/ITR = \d+/);
  await page.getByLabel('p99 bound (µs)').fill('1');
  await expect(page.getByTestId('sweep-answer')).toContainText('No point of this sweep has p99 ≤ 1 µs');
  await page.getByLabel('p99 bound (µs)').fill('50');
  await shot(page, 'lab-02-sweep');

  // Clicking a point loads its scenario into the simulator.
  await page.getByTestId('plot-interruptsPerSec').locator('[data-point="2"]').click();
  await expect(page.getByRole('tab', { name: 'Simulator' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('scenario-name')).toContainText('[ITR=200]');
  await settled(page);
  await expectNoAlert(page);
});

test('compare: each card says what differs, only per-frame figures and p99 are judged, frames still waiting are counted apart, numbers read like the Simulator', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(page.getByTestId('delta-table')).toBeVisible();
  const diffs = page.getByTestId('cmp-diff');
  await expect(diffs.nth(0)).toContainText('nothing; it runs the base scenario as it is');
  await expect(diffs.nth(1)).toContainText('device model: QEMU 2013 (merged) instead of 8254x (Intel SDM timers)');
  // A register and a cost profile, in words.
  await page.getByLabel('RADV of configuration 2').fill('8');
  await page.getByLabel('Configuration 2: QEMU 2013 (merged)').getByLabel('Cost profile').selectOption({ label: 'Modern KVM with APICv (exits 1-3 µs)' });
  await expect(diffs.nth(1)).toContainText(/RADV 8 \(8\.192 µs\) instead of \d+/);
  await expect(diffs.nth(1)).toContainText('cost profile: Modern KVM with APICv (exits 1-3 µs) instead of');
  // Menus show labels, not ids.
  await expect(page.getByLabel('Configuration 1: As loaded').getByLabel('Device model').locator('option').first()).toHaveText('as base (8254x (Intel SDM timers))');
  await page.getByRole('button', { name: 'Run comparison' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'run again' })).toHaveCount(0);
  const table = page.getByTestId('delta-table');
  // Judged rows: per-frame figures and p99; raw counts are shown but never coloured.
  for (const metric of ['cpuUsPerFrame', 'exitsPerFrame', 'latencyP99Us']) await expect(table.locator(`tr[data-metric="${metric}"]`)).toHaveClass(/judged/);
  for (const metric of ['exits', 'interruptsPerSec', 'guestCpuUtil', 'rxPps', 'rxLeftInRing']) {
    await expect(table.locator(`tr[data-metric="${metric}"]`)).toHaveClass(/unjudged/);
    await expect(table.locator(`tr[data-metric="${metric}"] td.better, tr[data-metric="${metric}"] td.worse`)).toHaveCount(0);
  }
  await expect(table.locator('tr[data-metric="exitsPerFrame"] td.delta')).toHaveClass(/better|worse|same/);
  await expect(table.getByRole('row', { name: /RX still waiting at the end \(frames\)/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /guest CPU per frame \(µs\)/ })).toBeVisible();
  // Thousands separators and µs, as in the Simulator; no ids or paths on screen.
  await expect(table.getByRole('row', { name: /interrupts\/s/ })).toContainText('20,000');
  const text = await page.locator('.lab-compare').innerText();
  expect(text).not.toMatch(/\(us\)|qemu-2013 \(|linux-e1000|kvm-2012|kvm-apicv|device\.regs|guest\.params/);
  await page.locator('.lab-compare').screenshot({ path: 'test-results/compare-view.png' });
  await expectNoAlert(page);
});

test('sweep: says before running when the parameter has no effect here, and why', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Sweep' }).click();
  await page.getByLabel('Scenario to sweep').selectOption('preset:linux-defaults');
  await expect(page.getByTestId('sweep-no-effect')).toHaveCount(0);
  // Linux leaves RxIntDelay at 0: RxAbsIntDelay (RADV) cannot act.
  const option = page.getByLabel('Parameter to sweep').locator('option[value="guest.params.RxAbsIntDelay"]');
  await expect(option).toHaveText('Linux RxAbsIntDelay (units of 1.024 µs) — no effect here');
  await page.getByLabel('Parameter to sweep').selectOption('guest.params.RxAbsIntDelay');
  const warning = page.getByTestId('sweep-no-effect');
  await expect(warning).toContainText("Sweeping Linux RxAbsIntDelay will not change this scenario's run");
  await expect(warning).toContainText('no effect while RxIntDelay (which programs RDTR) is 0: the RX absolute timer (RADV) only runs alongside the RX packet timer (RDTR)');
  await expect(page.getByTestId('sweep-status')).toHaveText('Not run yet.');
  // No paths in the menu.
  expect(await page.getByLabel('Parameter to sweep').innerText()).not.toMatch(/guest\.params|device\.regs|traffic\.rx/);
  await page.locator('section[aria-labelledby="h-sweep-setup"]').screenshot({ path: 'test-results/sweep-no-effect.png' });
});

test('sweep: each point over several seeds with its spread, and a link that reopens and reruns the sweep', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await page.getByRole('tab', { name: 'Sweep' }).click();
  await page.getByLabel('Scenario to sweep').selectOption('preset:linux-defaults');
  await expect(page.getByLabel('Parameter to sweep')).toHaveValue('guest.params.InterruptThrottleRate');
  await page.getByLabel('From', { exact: true }).fill('2000');
  await page.getByLabel('To', { exact: true }).fill('50000');
  await page.getByLabel('Points').fill('5');
  await expect(page.getByLabel('Seeds per point')).toHaveValue('3');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toHaveText('5 points done, each over 3 seeds (15 runs).');
  await expect(page.getByRole('progressbar', { name: 'Sweep progress' })).toHaveAttribute('aria-valuetext', '15 of 15 runs');
  // Poisson traffic: the seeds differ, so the plots carry bars and the table the range.
  await expect(page.getByTestId('plot-latencyP99Us').locator('.errbar').first()).toBeVisible();
  await expect(page.getByTestId('plot-tradeoff').locator('.errbar').first()).toBeVisible();
  await expect(page.getByTestId('plot-latencyP99Us')).toContainText('bar: lowest to highest run');
  await page.getByText(/Every point as a table \(mean over 3 seeds/).click();
  await expect(page.locator('.sweep-table .spread').first()).toHaveText(/\d–\d/);
  await expect(page.getByTestId('sweep-answer')).toContainText('means over 3 seeds');
  await page.locator('.lab-sweep').screenshot({ path: 'test-results/sweep-view.png' });

  // The address is the sweep's link while it is shown; the button copies it.
  await expect.poll(() => page.url()).toMatch(/#w1\.[A-Za-z0-9+\-$]+$/);
  await page.getByRole('button', { name: 'Copy sweep link' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  const table = await page.locator('.sweep-table table').innerText();
  const other = await context.newPage();
  await other.goto(link);
  await waitReady(other);
  await expect(other.getByRole('tab', { name: 'Sweep' })).toHaveAttribute('aria-selected', 'true');
  await expect(other.getByTestId('sweep-status')).toHaveText('5 points done, each over 3 seeds (15 runs).');
  await expect(other.getByLabel('Seeds per point')).toHaveValue('3');
  await other.getByText(/Every point as a table/).click();
  expect(await other.locator('.sweep-table table').innerText()).toBe(table);
  await expectNoAlert(other);
  // Back to the simulator: its own link returns.
  await other.getByRole('tab', { name: 'Simulator' }).click();
  await expect.poll(() => other.url()).toMatch(/#s1\./);
  await other.close();

  // A bad sweep link says what is wrong.
  await openApp(page, '#w1.not-a-sweep!!');
  await expect(page.getByRole('tab', { name: 'Sweep' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('alert')).toContainText('This sweep link could not be loaded');
});

test('seed 2012: published numbers beside the simulated ones, and QEMU 7.2 table A', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Seed 2012' }).click();
  await expect(page.getByTestId('published-kvm-mitigated')).toContainText('140,000');
  await expect(page.getByTestId('published-tcg-baseline')).toContainText('9,000');
  await expect(page.getByTestId('published-qemu72-on')).toHaveText('86,370');
  // Simulated live: every row gets a number.
  for (const id of [
    'kvm-baseline',
    'kvm-mitigated',
    'kvm-baseline-linux',
    'kvm-mitigated-linux',
    'tcg-baseline',
    'tcg-mitigated',
    'tcg-baseline-linux',
    'tcg-mitigated-linux',
    'kvm-qemu2013',
    'kvm-8254x',
    'tcg-qemu2013',
    'tcg-8254x',
    'qemu72-on',
    'qemu72-off',
  ]) {
    await expect(page.getByTestId(`sim-${id}`)).toHaveText(/^\d{1,3}(,\d{3})*$/);
  }
  // The unpatched lem rows calibrate the interrupt cost: they land on the published figure.
  await expect(page.getByTestId('sim-tcg-baseline')).toHaveText(/^(8,99\d|9,0\d\d)$/);
  await expect(page.getByTestId('seed-table').getByRole('row', { name: /with the patch \(rizzo-2012\)/ }).first()).toContainText('×');
  await expect(page.getByTestId('seed-gain')).toContainText('KVM FreeBSD lem: published 7.0×');
  // The curve: both guests at seven bottom-half delays per host, and the reading of it in words.
  for (const host of ['kvm', 'tcg']) await expect(page.getByTestId(`seed-curve-${host}`).locator('[data-point]')).toHaveCount(14);
  await expect(page.getByTestId('seed-story')).toContainText('FreeBSD lem reproduces the published table; Linux does not.');
  await expect(page.getByTestId('seed-story')).toContainText('len − 5');
  await shot(page, 'lab-03-seed');
  await page.locator('section[aria-labelledby="h-seed-curve"]').screenshot({ path: 'test-results/seed-curve.png' });
  // A point of the curve loads its scenario into the simulator.
  await page.getByTestId('seed-curve-kvm').locator('[data-point="6"]').click();
  await expect(page.getByRole('tab', { name: 'Simulator' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('scenario-name')).toContainText('bottom half 10 ms');
});

test('lessons: beside the panels, Next and Previous, and a lesson loads and shows what it claims', async ({ page }) => {
  await openApp(page);
  await page.getByRole('tab', { name: 'Lessons' }).click();
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('lesson-title')).toHaveText('One interrupt per frame, and what it costs');
  await expect(page.getByRole('button', { name: '◀ Previous' })).toBeDisabled();
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('RADV: the absolute bound');
  await expect(page.getByTestId('lesson-count')).toHaveText(`Lesson 3 of ${LESSONS.length}`);
  await page.getByRole('button', { name: '◀ Previous' }).click();
  await expect(page.getByTestId('lesson-title')).toHaveText('The RDTR packet timer, and how steady traffic starves it');
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(panel).toContainText('5 interrupts, at 26.384, 46.384, 66.384, 86.384 and 106.384 µs');

  await page.getByRole('button', { name: 'Load this lesson' }).click();
  await expect(page.getByTestId('scenario-name')).toContainText('Lesson: RADV: the absolute bound');
  await settled(page);
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await settled(page);
  // The simulator shows what the text claims.
  await expect.poll(() => interrupts(page)).toBe(5);
  await shot(page, 'lab-04-lessons');
});
