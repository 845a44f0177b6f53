#pragma once

namespace studio {

enum class BinaryOp { Add = 0, Sub = 1, Mul = 2 };

// out[i] = a[i % na] op b[i % nb] for i < n, where na and nb divide n: equal shapes, a scalar, or an operand
// broadcast along the leading axes (a bias row added to every row). Vectorised and spread over the pool.
void binary(BinaryOp op, const float *a, long na, const float *b, long nb, float *out, long n);

}  // namespace studio
