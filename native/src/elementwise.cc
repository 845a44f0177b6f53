#include "elementwise.h"

#include "pool.h"
#include "vec-math.h"

namespace studio {
namespace {

template <BinaryOp op>
STUDIO_INLINE float apply(float x, float y) {
  if constexpr (op == BinaryOp::Add) return x + y;
  if constexpr (op == BinaryOp::Sub) return x - y;
  return x * y;
}

// One contiguous run where both operands advance (the common case: equal shapes, or inside one bias row).
template <BinaryOp op>
STUDIO_INLINE void run(const float *a, const float *b, float *out, long len) {
  for (long j = 0; j < len; j++) out[j] = apply<op>(a[j], b[j]);
}

template <BinaryOp op>
STUDIO_INLINE void run_scalar_b(const float *a, float b, float *out, long len) {
  for (long j = 0; j < len; j++) out[j] = apply<op>(a[j], b);
}

template <BinaryOp op>
STUDIO_INLINE void run_scalar_a(float a, const float *b, float *out, long len) {
  for (long j = 0; j < len; j++) out[j] = apply<op>(a, b[j]);
}

template <BinaryOp op>
STUDIO_CLONES void span(const float *a, long na, const float *b, long nb, float *out, long i0, long i1) {
  if (na == 1) return run_scalar_a<op>(a[0], b + (nb == 1 ? 0 : i0), out + i0, i1 - i0);  // nb == n here
  if (nb == 1) return run_scalar_b<op>(a + i0, b[0], out + i0, i1 - i0);
  // Walk in pieces that stay inside one period of each operand.
  for (long i = i0; i < i1;) {
    const long ia = i % na, ib = i % nb;
    long len = i1 - i;
    if (na - ia < len) len = na - ia;
    if (nb - ib < len) len = nb - ib;
    run<op>(a + ia, b + ib, out + i, len);
    i += len;
  }
}

template <BinaryOp op>
void dispatch(const float *a, long na, const float *b, long nb, float *out, long n) {
  parallel_range(n, 1 << 15, [&](long i0, long i1) { span<op>(a, na, b, nb, out, i0, i1); });
}

}  // namespace

void binary(BinaryOp op, const float *a, long na, const float *b, long nb, float *out, long n) {
  switch (op) {
    case BinaryOp::Add:
      return dispatch<BinaryOp::Add>(a, na, b, nb, out, n);
    case BinaryOp::Sub:
      return dispatch<BinaryOp::Sub>(a, na, b, nb, out, n);
    case BinaryOp::Mul:
      return dispatch<BinaryOp::Mul>(a, na, b, nb, out, n);
  }
}

}  // namespace studio
