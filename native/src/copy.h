#pragma once

namespace studio {

// rows × len floats from src (row stride src_stride) to dst (row stride dst_stride), spread over the pool.
void copy_rows(const float *src, long src_stride, float *dst, long dst_stride, long rows, long len);

// out = x[begin : begin + size] for a row-major x of `shape`; rank ≤ 8.
void slice(const float *x, const int *shape, const int *begin, const int *size, int rank, float *out);

}  // namespace studio
