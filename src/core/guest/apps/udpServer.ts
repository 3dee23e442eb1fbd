/**
 * A UDP request/response server on the guest (memcached-like): each
 * received frame is a request; the server takes it from its socket,
 * works on it for `serviceUs` and answers with one TX frame of
 * `replyBytes`. It waits for requests in `recvmsg` (blocking, optionally
 * busy polling: SO_BUSY_POLL / net.core.busy_read) or in an `epoll_wait`
 * loop (optionally busy polling: EPIOCSPARAMS busy_poll_usecs,
 * busy_poll_budget, prefer_busy_poll, v6.9; net.core.busy_poll before),
 * with IRQ suspension (v6.13) when prefer_busy_poll and the NAPI's
 * irq_suspend_timeout are set.
 *
 * Its thread is the guest's application thread: the vCPU runs it only
 * when no interrupt and no softirq is due (the softirq runs at irq exit
 * and preempts it), so its time competes with softirq work as the kernel
 * orders them. Latency per request: arrival at the NIC to the reply's TDT
 * write done (the reply handed to the device).
 *
 * Model assumptions (not from a source): a syscall (recvmsg, epoll_wait)
 * costs `syscallUs` of guest time; the reply costs what the profile's TX
 * path costs (txFrameNs + bytes x byteNs); the socket holds at most
 * SOCKET_QUEUE_LIMIT requests (net.core.rmem_default 212,992 B over about
 * 832 B of truesize per small skb), further ones are dropped and counted;
 * a reply that finds the TX queue stopped waits in the qdisc and the
 * server sends it once the TX clean wakes the queue (where Linux's
 * net_tx_action would run the qdisc).
 */
import type { DriverEnv } from '../drivers/driverEnv';
import type { Sender } from '../sender';
import { Activity } from '../../types';
import { BLOCK, compute, type GuestThread } from '../ops';
import { napiBusyLoop, type NapiPoller } from '../kernel/busyPoll';
import type { Napi } from '../kernel/napi';
import { LatencyHistogram } from '../../metrics';

export const SOCKET_QUEUE_LIMIT = 256;

/** `guest.server` of a scenario (docs/scenario-contract.md, additions). */
export interface ServerSpec {
  /** How the server waits for a request. */
  wait: 'recvmsg' | 'epoll';
  /** Application work per request, us. */
  serviceUs: number;
  /** One recvmsg or epoll_wait system call, us (entry, exit, copy). */
  syscallUs: number;
  /** Reply frame size, bytes incl. FCS. */
  replyBytes: number;
  /** Busy-poll time, us (1,024 ns): recvmsg's SO_BUSY_POLL, epoll's busy_poll_usecs; 0 = off (epoll with prefer still polls once). */
  busy_poll_usecs: number;
  /** Frames per busy-poll call (SO_BUSY_POLL_BUDGET / EPIOCSPARAMS busy_poll_budget); default BUSY_POLL_BUDGET 8. */
  busy_poll_budget: number;
  /** SO_PREFER_BUSY_POLL / EPIOCSPARAMS prefer_busy_poll (v5.11 / v6.9). */
  prefer_busy_poll: boolean;
}

export const SERVER_DEFAULTS: ServerSpec = {
  wait: 'epoll',
  serviceUs: 2,
  syscallUs: 0.5,
  replyBytes: 64,
  busy_poll_usecs: 0,
  busy_poll_budget: 8,
  prefer_busy_poll: false,
};

/** The server's counters, for the metrics. */
export interface ServerStats {
  requests: number;
  replies: number;
  socketDrops: number;
  latency: LatencyHistogram;
}

/** The socket's receive queue: arrival instants of the requests not yet read. */
class SocketQueue {
  private readonly arrivals = new Float64Array(SOCKET_QUEUE_LIMIT);
  private head = 0;
  size = 0;
  drops = 0;
  delivered = 0;
  constructor(private readonly onData: () => void) {}

  /** The stack delivers a received frame (udp_queue_rcv_skb): queue it and wake the reader. */
  deliver(arrivedNs: number): void {
    if (this.size >= SOCKET_QUEUE_LIMIT) {
      this.drops++;
      return;
    }
    this.arrivals[(this.head + this.size) % SOCKET_QUEUE_LIMIT] = arrivedNs;
    this.size++;
    this.delivered++;
    this.onData();
  }

  take(): number {
    const t = this.arrivals[this.head];
    this.head = (this.head + 1) % SOCKET_QUEUE_LIMIT;
    this.size--;
    return t;
  }
}

export interface UdpServer {
  readonly socket: SocketQueue;
  readonly stats: ServerStats;
  thread(poller: NapiPoller): GuestThread;
}

export function createUdpServer(env: DriverEnv, sender: Sender, napi: Napi): UdpServer {
  const spec = env.server!;
  const { ctx, costs } = env;
  const serviceNs = Math.round(spec.serviceUs * 1000);
  const syscallNs = Math.round(spec.syscallUs * 1000);
  const stats: ServerStats = { requests: 0, replies: 0, socketDrops: 0, latency: new LatencyHistogram() };
  /** ep->napi_id: valid once a socket with data reached the ready list, dropped when a busy loop times out (ep_busy_loop). */
  let epNapiIdValid = false;
  /** sk->sk_napi_id: set by the first received request (sk_mark_napi_id); sk_can_busy_loop needs it. */
  let skNapiIdValid = false;
  const socket = new SocketQueue(() => {
    epNapiIdValid = true;
    skNapiIdValid = true;
    env.wakeApp();
  });
  const busy = { usecs: spec.busy_poll_usecs, budget: spec.busy_poll_budget, prefer: spec.prefer_busy_poll };
  const dataAvailable = () => socket.size > 0;

  const replied = (arrivedNs: number) => {
    stats.replies++;
    stats.latency.add(ctx.now - arrivedNs);
  };

  /** Read one request, serve it, send the reply (or queue it in the qdisc). */
  function* serveOne(): GuestThread {
    const arrivedNs = socket.take();
    stats.requests++;
    yield compute(syscallNs, Activity.APP_SERVE); // recvmsg
    yield compute(serviceNs, Activity.APP_SERVE);
    yield* sender.reply(spec.replyBytes, arrivedNs, replied);
  }

  /** Nothing to read and nothing queued that could go: the thread sleeps. */
  const idle = () => socket.size === 0 && !sender.canDrain();

  /** recvmsg: busy-poll while the queue is empty (sk_can_busy_loop: SO_BUSY_POLL set and the socket's NAPI id known), then sleep until data. */
  function* recvmsgLoop(poller: NapiPoller): GuestThread {
    for (;;) {
      if (socket.size === 0) {
        yield compute(syscallNs, Activity.APP_SERVE);
        if (busy.usecs > 0 && skNapiIdValid && socket.size === 0) yield* napiBusyLoop(ctx, napi, poller, busy, dataAvailable, costs.pollNs);
        while (idle()) yield BLOCK;
        yield* sender.drainQueued(replied);
        if (socket.size === 0) continue;
      }
      yield* serveOne();
    }
  }

  /**
   * epoll_wait (ep_poll, 6.13): if events are ready, return them (with
   * prefer: napi_suspend_irqs); else busy-poll when on (busy_poll_usecs,
   * prefer_busy_poll or the sysctl; the NAPI id known); found nothing:
   * with prefer napi_resume_irqs, drop the NAPI id; then sleep until woken.
   * The server then reads every ready request (recvmsg until EAGAIN).
   */
  function* epollLoop(poller: NapiPoller): GuestThread {
    const busyLoopOn = busy.usecs > 0 || busy.prefer;
    for (;;) {
      yield compute(syscallNs, Activity.APP_SERVE); // epoll_wait
      let eavail = socket.size > 0;
      for (;;) {
        if (eavail && socket.size > 0) {
          if (busy.prefer && epNapiIdValid) napi.suspendIrqs(); // ep_try_send_events: res > 0
          break;
        }
        eavail = false;
        if (busyLoopOn && epNapiIdValid) {
          yield* napiBusyLoop(ctx, napi, poller, busy, dataAvailable, costs.pollNs);
          if (socket.size > 0) {
            eavail = true;
            continue;
          }
          if (busy.prefer) napi.resumeIrqs();
          epNapiIdValid = false;
        }
        while (idle()) yield BLOCK;
        yield* sender.drainQueued(replied);
        eavail = true;
      }
      while (socket.size > 0) yield* serveOne();
      yield* sender.drainQueued(replied);
    }
  }

  return {
    socket,
    stats,
    thread: (poller) => (spec.wait === 'recvmsg' ? recvmsgLoop(poller) : epollLoop(poller)),
  };
}
