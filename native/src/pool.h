// A fixed pool of worker threads for the kernels. The caller's thread takes part in every job, so a pool of
// n threads starts n − 1 workers. Jobs are split into tasks by the kernel; a task's output never overlaps
// another's, so results depend only on how a kernel splits its work (a function of the thread count).
#pragma once
#include <functional>

namespace studio {

void pool_set_threads(int n);  // 1 = run everything on the caller's thread
int pool_threads();

// Runs f(task) for task in [0, tasks), spread over the pool; returns when all are done.
void parallel_for(int tasks, const std::function<void(int)> &f);

// Splits [0, n) into pool_threads() nearly equal ranges (at most ceil(n / grain) of them) and runs f(begin, end) on each.
void parallel_range(long n, long grain, const std::function<void(long, long)> &f);

}  // namespace studio
