// Branch-free float math that compilers vectorise (std::exp does not vectorise without -ffast-math and a
// vector math library). exp_approx matches expf within a few ulp over the range softmax and GELU use.
#pragma once
#include <cstdint>
#include <cstring>

// Elementwise loops get an AVX2/FMA copy chosen at load time on x86-64 Linux (GCC's ifunc clones), so the build
// itself needs no -march flag and still runs on any x86-64. Elsewhere the compiler's baseline vectorisation stays.
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define STUDIO_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define STUDIO_CLONES
#endif

// Inlined even into the AVX2 clones, whose target differs from the helpers' (GCC will not inline across targets
// otherwise, and a call per element defeats vectorisation).
#if defined(__GNUC__)
#define STUDIO_INLINE __attribute__((always_inline)) inline
#elif defined(_MSC_VER)
#define STUDIO_INLINE __forceinline
#else
#define STUDIO_INLINE inline
#endif

namespace studio {

STUDIO_INLINE float exp_approx(float x) {
  // exp(x) = 2^n · e^r, n = round(x·log2 e), r = x − n·ln 2 in [−ln2/2, ln2/2]; e^r by a degree-6 polynomial.
  // Adding 1.5·2^23 rounds to an integer in float arithmetic alone, which keeps the loop vectorisable.
  constexpr float kShift = 12582912.0f;
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  const float t = x * 1.44269504f + kShift;
  const float n = t - kShift;
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
  float p = 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  int32_t tb;
  std::memcpy(&tb, &t, sizeof tb);
  // t's low mantissa bits hold n (offset by the shift's own bits); move them into the exponent field.
  const int32_t bits = (tb - 0x4B400000 + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

STUDIO_INLINE float sigmoid_approx(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

}  // namespace studio
