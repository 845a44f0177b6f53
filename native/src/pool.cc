#include "pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace studio {
namespace {

struct Pool {
  std::vector<std::thread> workers;
  std::mutex mu;
  std::condition_variable wake, finished;
  const std::function<void(int)> *job = nullptr;
  int tasks = 0;
  std::atomic<int> next{0};
  // Workers that have finished the current job, guarded by mu. The caller waits for all of them, so no worker
  // is still reading job or tasks when the next job is set up.
  size_t checked_in = 0;
  unsigned long generation = 0;
  bool stopping = false;

  void run_tasks() {
    for (int t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) (*job)(t);
  }

  void worker() {
    unsigned long seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu);
        wake.wait(lock, [&] { return stopping || generation != seen; });
        if (stopping) return;
        seen = generation;
      }
      run_tasks();
      std::lock_guard<std::mutex> lock(mu);
      if (++checked_in == workers.size()) finished.notify_all();
    }
  }

  void resize(int n) {
    stop();
    stopping = false;
    for (int i = 1; i < n; i++) workers.emplace_back([this] { worker(); });
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    wake.notify_all();
    for (auto &w : workers) w.join();
    workers.clear();
  }

  ~Pool() { stop(); }
};

Pool &pool() {
  static Pool p;
  return p;
}

// One job at a time: a second JavaScript thread (another worker_thread with its own tfjs) runs its job inline
// rather than waiting, so two callers never share the pool's job slots.
std::mutex &job_mutex() {
  static std::mutex m;
  return m;
}

// STUDIO_THREADS, else one thread per core.
int default_threads() {
  if (const char *env = std::getenv("STUDIO_THREADS")) {
    const int n = std::atoi(env);
    if (n >= 1) return std::min(n, 64);
  }
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(std::min(n, 64u));
}

int &thread_count() {
  static int n = 0;
  return n;
}

void ensure_started() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::lock_guard<std::mutex> job(job_mutex());
    if (thread_count() == 0) {
      thread_count() = default_threads();
      pool().resize(thread_count());
    }
  });
}

}  // namespace

void pool_set_threads(int n) {
  ensure_started();
  n = std::max(1, std::min(n, 64));
  std::lock_guard<std::mutex> job(job_mutex());
  if (n == thread_count()) return;
  thread_count() = n;
  pool().resize(n);
}

int pool_threads() {
  ensure_started();
  return thread_count();
}

void parallel_for(int tasks, const std::function<void(int)> &f) {
  ensure_started();
  if (tasks <= 0) return;
  Pool &p = pool();
  std::unique_lock<std::mutex> job(job_mutex(), std::try_to_lock);
  if (tasks == 1 || p.workers.empty() || !job.owns_lock()) {
    for (int t = 0; t < tasks; t++) f(t);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(p.mu);
    p.job = &f;
    p.tasks = tasks;
    p.checked_in = 0;
    p.next.store(0);
    p.generation++;
  }
  p.wake.notify_all();
  p.run_tasks();
  std::unique_lock<std::mutex> lock(p.mu);
  p.finished.wait(lock, [&] { return p.checked_in == p.workers.size(); });
  p.job = nullptr;
}

void parallel_range(long n, long grain, const std::function<void(long, long)> &f) {
  if (n <= 0) return;
  long parts = std::min<long>(pool_threads(), (n + grain - 1) / std::max(1L, grain));
  if (parts <= 1) {
    f(0, n);
    return;
  }
  parallel_for(static_cast<int>(parts), [&](int t) {
    long begin = n * t / parts, end = n * (t + 1) / parts;
    if (begin < end) f(begin, end);
  });
}

}  // namespace studio
