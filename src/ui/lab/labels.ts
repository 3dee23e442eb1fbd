import { metricHeading as libHeading, type MetricId } from '../../sweep/metrics';
import { microSpelling } from '../../scenario/plainWords';

/** A metric's heading as the app shows it: `p99 latency (µs)` (the library and the CLI write `us`). */
export function metricHeading(metric: MetricId): string {
  return microSpelling(libHeading(metric));
}
