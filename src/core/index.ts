/**
 * The core's public surface: what content, state and ui may import from
 * the simulator (src/layering.test.ts checks that they import nothing
 * else of core). The hosts that run the core (worker, cli, bench, fuzz,
 * sweep) and the core's own files import its modules directly.
 */
export * from './causes';
export * from './cycles';
export * from './device/models';
export * from './device/models/descriptor';
export * from './guest/apps/udpServer';
export * from './guest/costs';
export * from './guest/drivers';
export * from './guest/drivers/descriptor';
export * from './guest/drivers/freebsdEm';
export * from './guest/drivers/freebsdLem';
export * from './guest/drivers/linuxE1000';
export * from './guest/drivers/netDim';
export * from './guest/kernel/napi';
export * from './host/applies';
export * from './host/hostState';
export { accessesKept } from './hostAccess';
export * from './position';
export * from './registers';
export * from './scenario';
export * from './timers';
export * from './traffic/patterns';
export * from './traffic/pcap';
export * from './types';
