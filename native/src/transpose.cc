#include "transpose.h"

#include <cstring>
#include <vector>

#include "pool.h"
#include "row-walk.h"

namespace studio {

void transpose(const float *x, float *out, const int *shape_in, const int *perm_in, int rank) {
  // Merge runs of axes that stay adjacent and in order (e.g. [0,2,1,3] on [B,T,H,d] keeps d whole), and drop
  // axes of size 1: fewer, longer axes mean longer contiguous copies.
  std::vector<int> keep;
  for (int i = 0; i < rank; i++)
    if (shape_in[perm_in[i]] != 1) keep.push_back(perm_in[i]);
  std::vector<int> order;  // input axes (size > 1) in input order
  for (int a = 0; a < rank; a++)
    if (shape_in[a] != 1) order.push_back(a);
  // Group consecutive output axes that are consecutive input axes.
  std::vector<std::vector<int>> groups;
  for (int a : keep) {
    if (!groups.empty() && groups.back().back() + 1 == a) {
      // only merge if no size-1-dropped axis matters: a and back are adjacent among kept input axes
      groups.back().push_back(a);
    } else {
      groups.push_back({a});
    }
  }
  // Each group becomes one axis; its input position is the rank of its first axis among groups in input order.
  const int r = static_cast<int>(groups.size());
  long total = 1;
  for (int i = 0; i < rank; i++) total *= shape_in[i];
  if (r <= 1) {
    std::memcpy(out, x, sizeof(float) * total);
    return;
  }
  std::vector<long> size(r);  // size of output axis g
  for (int g = 0; g < r; g++) {
    size[g] = 1;
    for (int a : groups[g]) size[g] *= shape_in[a];
  }
  // Input strides of each group: groups sorted by their first input axis give the input layout.
  std::vector<int> by_input(r);
  for (int g = 0; g < r; g++) by_input[g] = g;
  for (int i = 0; i < r; i++)
    for (int j = i + 1; j < r; j++)
      if (groups[by_input[j]][0] < groups[by_input[i]][0]) std::swap(by_input[i], by_input[j]);
  std::vector<long> in_stride(r);
  long s = 1;
  for (int i = r - 1; i >= 0; i--) {
    in_stride[by_input[i]] = s;
    s *= size[by_input[i]];
  }
  const long inner = size[r - 1];
  const bool contiguous_inner = in_stride[r - 1] == 1;
  const long rows = total / inner;
  parallel_range(rows, 256, [&](long r0, long r1) {
    RowWalk walk(size.data(), in_stride.data(), r - 1, r0);
    for (long row = r0; row < r1; row++, walk.next()) {
      const long base = walk.offset();
      float *dst = out + row * inner;
      if (contiguous_inner) {
        std::memcpy(dst, x + base, sizeof(float) * inner);
      } else {
        const long st = in_stride[r - 1];
        for (long k = 0; k < inner; k++) dst[k] = x[base + k * st];
      }
    }
  });;
}

}  // namespace studio
