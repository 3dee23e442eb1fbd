/*
 * How late does a sleeping thread wake for a timer on this host?
 *
 * QEMU runs its timers (e1000's mitigation window among them) in the
 * main-loop thread, which sleeps in ppoll() until the earliest deadline
 * and then takes the big QEMU lock (BQL) to run the callback. Under TCG
 * the vCPU thread meanwhile keeps one core busy and takes the BQL for each
 * MMIO access. This program reproduces exactly that shape and reports how
 * long after each deadline the "callback" runs:
 *
 *   - main thread: PR_SET_TIMERSLACK 1 ns (as QEMU's init_clocks() does),
 *     ppoll() with an eventfd until the deadline, then lock, measure, unlock;
 *   - busy thread (the vCPU): 9 us of computing, then 2.5 us holding the
 *     lock (a TDT write with its TX processing), forever.
 *
 * Build and run (gcc, Linux):
 *   gcc -O2 -pthread host-timer-wake.c -o host-timer-wake
 *   ./host-timer-wake [sleep_us=128] [wakes=20000] [trials=5]
 *
 * Prints, per trial, mean / p50 / p90 / p99 lateness in us, then the
 * median of the trial means: the figure the tcg-qemu72 cost profile uses
 * as timerWakeNs (see docs/cost-profiles.md).
 *
 *   ./host-timer-wake kick [gap_us=33] [kicks=5000]
 *
 * measures the other wake-up a VM has: a halted vCPU thread, asleep on a
 * condition variable, kicked by the main-loop thread (which itself sleeps
 * gap_us between kicks, like frames arriving): how long from the kick until
 * the kicked thread runs.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <time.h>

static pthread_mutex_t bql = PTHREAD_MUTEX_INITIALIZER;
static atomic_int stop_vcpu;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void compute_for(int64_t ns) {
  int64_t end = now_ns() + ns;
  while (now_ns() < end) {
  }
}

static void *vcpu_thread(void *arg) {
  (void)arg;
  while (!atomic_load(&stop_vcpu)) {
    compute_for(9000);
    pthread_mutex_lock(&bql);
    compute_for(2500);
    pthread_mutex_unlock(&bql);
  }
  return NULL;
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static double trial(int64_t sleep_ns, int wakes, int efd) {
  int64_t *late = malloc(sizeof(int64_t) * (size_t)wakes);
  for (int i = 0; i < wakes; i++) {
    int64_t deadline = now_ns() + sleep_ns;
    for (;;) {
      int64_t left = deadline - now_ns();
      if (left <= 0) break;
      struct timespec ts = {left / 1000000000LL, left % 1000000000LL};
      struct pollfd p = {efd, POLLIN, 0};
      ppoll(&p, 1, &ts, NULL);
    }
    pthread_mutex_lock(&bql);
    late[i] = now_ns() - deadline;
    pthread_mutex_unlock(&bql);
  }
  qsort(late, (size_t)wakes, sizeof(int64_t), cmp_i64);
  double sum = 0;
  for (int i = 0; i < wakes; i++) sum += (double)late[i];
  double mean = sum / wakes / 1000.0;
  printf("  mean %6.1f us   p50 %6.1f   p90 %6.1f   p99 %6.1f\n", mean, late[wakes / 2] / 1000.0,
         late[wakes * 9 / 10] / 1000.0, late[wakes * 99 / 100] / 1000.0);
  free(late);
  return mean;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static pthread_mutex_t halt_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t halt_cond = PTHREAD_COND_INITIALIZER;
static int kick_pending, kicks_over, kicks_seen;
static int64_t kicked_at;
static int64_t *kick_late;

static void *halted_vcpu(void *arg) {
  (void)arg;
  pthread_mutex_lock(&halt_lock);
  for (;;) {
    while (!kick_pending && !kicks_over) pthread_cond_wait(&halt_cond, &halt_lock);
    if (!kick_pending) break;
    kick_late[kicks_seen++] = now_ns() - kicked_at;
    kick_pending = 0;
  }
  pthread_mutex_unlock(&halt_lock);
  return NULL;
}

static int kick_mode(int gap_us, int kicks) {
  if (gap_us <= 0 || kicks <= 0) {
    fprintf(stderr, "usage: host-timer-wake kick [gap_us>0] [kicks>0]\n");
    return 2;
  }
  kick_late = malloc(sizeof(int64_t) * (size_t)kicks);
  pthread_t vcpu;
  pthread_create(&vcpu, NULL, halted_vcpu, NULL);
  for (int i = 0; i < kicks; i++) {
    struct timespec gap = {0, gap_us * 1000L};
    nanosleep(&gap, NULL);
    pthread_mutex_lock(&halt_lock);
    kicked_at = now_ns();
    kick_pending = 1;
    pthread_cond_signal(&halt_cond);
    pthread_mutex_unlock(&halt_lock);
  }
  pthread_mutex_lock(&halt_lock);
  kicks_over = 1;
  pthread_cond_signal(&halt_cond);
  pthread_mutex_unlock(&halt_lock);
  pthread_join(vcpu, NULL);
  int n = kicks_seen; /* kicks that came before the thread ran again are merged, as in QEMU */
  qsort(kick_late, (size_t)n, sizeof(int64_t), cmp_i64);
  double sum = 0;
  for (int i = 0; i < n; i++) sum += (double)kick_late[i];
  printf("kick every %d us: %d wake-ups, kick -> running mean %.1f us   p50 %.1f   p90 %.1f   p99 %.1f\n", gap_us, n,
         sum / n / 1000.0, kick_late[n / 2] / 1000.0, kick_late[n * 9 / 10] / 1000.0, kick_late[n * 99 / 100] / 1000.0);
  return 0;
}

int main(int argc, char **argv) {
  prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);
  if (argc > 1 && strcmp(argv[1], "kick") == 0)
    return kick_mode(argc > 2 ? atoi(argv[2]) : 33, argc > 3 ? atoi(argv[3]) : 5000);
  int64_t sleep_ns = (argc > 1 ? atoll(argv[1]) : 128) * 1000LL;
  int wakes = argc > 2 ? atoi(argv[2]) : 20000;
  int trials = argc > 3 ? atoi(argv[3]) : 5;
  if (sleep_ns <= 0 || wakes <= 0 || trials <= 0 || trials > 100) {
    fprintf(stderr, "usage: %s [sleep_us>0] [wakes>0] [trials 1..100]\n", argv[0]);
    return 2;
  }
  int efd = eventfd(0, EFD_NONBLOCK);
  pthread_t vcpu;
  pthread_create(&vcpu, NULL, vcpu_thread, NULL);
  printf("sleep %lld us, %d wakes per trial, busy vCPU thread taking the lock 2.5 us in every 11.5 us\n",
         (long long)(sleep_ns / 1000), wakes);
  double means[100];
  for (int t = 0; t < trials; t++) means[t] = trial(sleep_ns, wakes, efd);
  atomic_store(&stop_vcpu, 1);
  pthread_join(vcpu, NULL);
  qsort(means, (size_t)trials, sizeof(double), cmp_double);
  printf("median of %d trial means: %.1f us late\n", trials, means[trials / 2]);
  return 0;
}
