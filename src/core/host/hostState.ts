/** Host-state bits in TraceKind.HOST_STATE records (a); b = frames waiting in the host. */
export const HostBits = {
  MAIN_RUNNING: 1,
  VCPU_RUNNING: 2,
  /** Runnable, waiting for the shared core. */
  MAIN_WAITING: 4,
  VCPU_WAITING: 8,
  /** Waking from idle for a timer (timerWakeNs). */
  MAIN_WAKING: 16,
} as const;

export type MainLoopState = 'running' | 'waiting' | 'waking' | 'asleep';
export type VcpuThreadState = 'running' | 'waiting' | 'blocked';

/**
 * What each host thread is doing in a HOST_STATE record's bits: the one
 * reading the timeline, its hover text and the trace export share (a
 * thread on the core counts before one waiting for it, which counts before
 * a wake-up from idle).
 */
export function hostThreadStates(bits: number): { main: MainLoopState; vcpu: VcpuThreadState } {
  const main: MainLoopState =
    bits & HostBits.MAIN_RUNNING ? 'running' : bits & HostBits.MAIN_WAITING ? 'waiting' : bits & HostBits.MAIN_WAKING ? 'waking' : 'asleep';
  const vcpu: VcpuThreadState = bits & HostBits.VCPU_RUNNING ? 'running' : bits & HostBits.VCPU_WAITING ? 'waiting' : 'blocked';
  return { main, vcpu };
}
