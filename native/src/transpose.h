#pragma once

namespace studio {

// out = x with its axes permuted: out's axis i is x's axis perm[i]. 4-byte elements, any rank up to 8.
void transpose(const float *x, float *out, const int *shape, const int *perm, int rank);

}  // namespace studio
