#include "blas.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

#include "sgemm.h"

#if defined(_WIN32)
#define STUDIO_NO_DLOPEN 1
#else
#include <dlfcn.h>
#endif

namespace studio {
namespace {

// The CBLAS ABI: every system BLAS exports these with these values.
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;
using CblasSgemm = void (*)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                            float *, int);
using SetThreads = void (*)(int);

struct Blas {
  CblasSgemm sgemm = nullptr;
  std::string name;
};

Blas load() {
  Blas blas;
  const char *choice = std::getenv("STUDIO_BLAS");  // a library path, or "own" to skip the system BLAS
  std::string own = std::string("own sgemm (") + studio_sgemm_isa() + ")";
  if (choice != nullptr && std::strcmp(choice, "own") == 0) {
    blas.name = own;
    return blas;
  }
#ifndef STUDIO_NO_DLOPEN
  const char *candidates[] = {
      choice,
      "libopenblas.so.0",
      "libopenblas.so",
      "libopenblas.dylib",
      "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
      "/usr/local/opt/openblas/lib/libopenblas.dylib",
      "/System/Library/Frameworks/Accelerate.framework/Accelerate",
      "libmkl_rt.so",
      "libmkl_rt.so.2",
  };
  for (const char *path : candidates) {
    if (path == nullptr) continue;
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) continue;
    auto sgemm = reinterpret_cast<CblasSgemm>(dlsym(lib, "cblas_sgemm"));
    if (sgemm == nullptr) {
      dlclose(lib);
      continue;
    }
    // The pool splits work across cores itself; a BLAS that also threads would oversubscribe them.
    for (const char *setter : {"openblas_set_num_threads", "MKL_Set_Num_Threads"}) {
      if (auto set = reinterpret_cast<SetThreads>(dlsym(lib, setter))) set(1);
    }
    blas.sgemm = sgemm;
    const char *slash = std::strrchr(path, '/');
    std::string file = slash ? slash + 1 : path;
    std::string kind = std::strstr(path, "openblas") ? "openblas" : std::strstr(path, "Accelerate") ? "accelerate"
                       : std::strstr(path, "mkl")    ? "mkl"
                                                     : "blas";
    blas.name = kind + " (" + file + ")";
    return blas;
  }
#endif
  blas.name = own;
  return blas;
}

const Blas &blas() {
  static std::once_flag once;
  static Blas b;
  std::call_once(once, [] { b = load(); });
  return b;
}

}  // namespace

void sgemm_serial(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A, int lda,
                  const float *B, int ldb, float beta, float *C, int ldc) {
  if (M <= 0 || N <= 0) return;
  const Blas &b = blas();
  if (b.sgemm != nullptr) {
    b.sgemm(kRowMajor, trans_a ? kTrans : kNoTrans, trans_b ? kTrans : kNoTrans, M, N, K, alpha, A, lda, B, ldb,
            beta, C, ldc);
  } else {
    studio_sgemm(trans_a ? 1 : 0, trans_b ? 1 : 0, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }
}

std::string blas_name() { return blas().name; }

}  // namespace studio
