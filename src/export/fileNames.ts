/** File names for exports: the app, the scenario and what the file holds. */
import { traceFileName } from './perfetto';

/** e.g. exportFileName('RDTR + RADV', 'interrupts', 'csv') = 'e1000-irq-lab-rdtr-radv-interrupts.csv'. */
export function exportFileName(scenarioName: string, what: string, ext: string): string {
  return traceFileName(scenarioName).replace(/\.json$/, `-${what}.${ext}`);
}
