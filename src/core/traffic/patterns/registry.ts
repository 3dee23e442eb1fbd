import { NONE_PATTERN } from './none';
import { LIST_PATTERN } from './list';
import { CONSTANT_PATTERN } from './constant';
import { POISSON_PATTERN } from './poisson';
import { ONOFF_PATTERN } from './onoff';
import { TRAIN_PATTERN } from './train';
import { PCAP_PATTERN } from './pcapReplay';
import { SATURATE_PATTERN } from './saturate';

/**
 * The traffic patterns, in the format's order (the schema's messages and
 * the Controls panel's menu follow it; the first is the default). Adding
 * one is its file and a line here: the scenario's TrafficSpec type, the
 * schema, the arrivals, the sweep's axes and the Controls panel derive
 * from this list.
 */
export const TRAFFIC_PATTERN_REGISTRY = [NONE_PATTERN, LIST_PATTERN, CONSTANT_PATTERN, POISSON_PATTERN, ONOFF_PATTERN, TRAIN_PATTERN, PCAP_PATTERN, SATURATE_PATTERN] as const;
