#pragma once

namespace studio {

// rows × len floats from src (row stride src_stride) to dst (row stride dst_stride), spread over the pool.
void copy_rows(const float *src, long src_stride, float *dst, long dst_stride, long rows, long len);

// out = x[begin : begin + size] for a row-major x of `shape`; rank ≤ 8.
void slice(const float *x, const int *shape, const int *begin, const int *size, int rank, float *out);

// out[i, :] = x[idx[i], :] for rows of `inner` floats; returns the first i whose index is outside [0, rows), or −1.
long gather_rows(const float *x, long rows, long inner, const int *idx, long n, float *out);

// out[s, :] = Σ x[i, :] over i with ids[i] = s (negative ids dropped); out has `segments` rows and is overwritten.
// Threads split the columns, so every sum runs in row order whatever the thread count. Returns the first i
// whose id is ≥ segments, or −1.
long scatter_add_rows(const float *x, const int *ids, long n, long inner, long segments, float *out);

}  // namespace studio
