#include "copy.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "pool.h"
#include "row-walk.h"

namespace studio {

void copy_rows(const float *src, long src_stride, float *dst, long dst_stride, long rows, long len) {
  if (rows <= 0 || len <= 0) return;
  // Whole rows back to back are one copy.
  if (src_stride == len && dst_stride == len) {
    parallel_range(rows * len, 1 << 16, [&](long a, long b) { std::memcpy(dst + a, src + a, sizeof(float) * (b - a)); });
    return;
  }
  parallel_range(rows, (1 << 14) / len + 1, [&](long r0, long r1) {
    for (long r = r0; r < r1; r++) std::memcpy(dst + r * dst_stride, src + r * src_stride, sizeof(float) * len);
  });
}

void slice(const float *x, const int *shape, const int *begin, const int *size, int rank, float *out) {
  // Trailing axes taken whole merge into one contiguous run: find the innermost axis that is cut.
  int cut = rank - 1;
  long run = 1;
  while (cut >= 0 && begin[cut] == 0 && size[cut] == shape[cut]) run *= shape[cut--];
  if (cut < 0) {
    copy_rows(x, run, out, run, 1, run);
    return;
  }
  std::vector<long> stride(rank);
  long s = 1;
  for (int a = rank - 1; a >= 0; a--) {
    stride[a] = s;
    s *= shape[a];
  }
  const long len = size[cut] * run;  // the cut axis's kept part and everything inside it are contiguous
  long rows = 1;
  for (int a = 0; a < cut; a++) rows *= size[a];
  long base = 0;
  for (int a = 0; a <= cut; a++) base += begin[a] * stride[a];
  if (cut == 0) {
    copy_rows(x + base, len, out, len, 1, len);
    return;
  }
  const std::vector<long> outer(size, size + cut);
  parallel_range(rows, (1 << 14) / len + 1, [&](long r0, long r1) {
    RowWalk walk(outer.data(), stride.data(), cut, r0);
    for (long r = r0; r < r1; r++, walk.next()) std::memcpy(out + r * len, x + base + walk.offset(), sizeof(float) * len);
  });
}

long gather_rows(const float *x, long rows, long inner, const int *idx, long n, float *out) {
  for (long i = 0; i < n; i++)
    if (idx[i] < 0 || idx[i] >= rows) return i;
  parallel_range(n, (1 << 14) / (inner + 1) + 1, [&](long a, long b) {
    for (long i = a; i < b; i++) std::memcpy(out + i * inner, x + static_cast<long>(idx[i]) * inner, sizeof(float) * inner);
  });
  return -1;
}

long scatter_add_rows(const float *x, const int *ids, long n, long inner, long segments, float *out) {
  for (long i = 0; i < n; i++)
    if (ids[i] >= segments) return i;
  std::memset(out, 0, sizeof(float) * segments * inner);
  const long grain = inner >= 64 ? 16 : inner;  // column blocks of at least 16 floats keep cache lines whole
  parallel_range((inner + grain - 1) / grain, (1 << 14) / (n * grain + 1) + 1, [&](long c0, long c1) {
    const long j0 = c0 * grain, j1 = std::min(inner, c1 * grain);
    for (long i = 0; i < n; i++) {
      if (ids[i] < 0) continue;
      const float *src = x + i * inner;
      float *dst = out + static_cast<long>(ids[i]) * inner;
      for (long j = j0; j < j1; j++) dst[j] += src[j];
    }
  });
  return -1;
}

}  // namespace studio
