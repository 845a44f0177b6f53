// Walks the rows of a strided view in row-major order: the outer axes' sizes and source strides given, offset()
// is where the current row starts in the source. Slicing and transposing both copy row by row this way.
#pragma once
#include <vector>

namespace studio {

class RowWalk {
 public:
  RowWalk(const long *size, const long *stride, int axes, long first_row)
      : size_(size, size + axes), stride_(stride, stride + axes), idx_(axes, 0) {
    for (int a = axes - 1; a >= 0; a--) {
      idx_[a] = first_row % size_[a];
      first_row /= size_[a];
    }
  }

  long offset() const {
    long off = 0;
    for (size_t a = 0; a < idx_.size(); a++) off += idx_[a] * stride_[a];
    return off;
  }

  void next() {
    for (int a = static_cast<int>(idx_.size()) - 1; a >= 0; a--) {
      if (++idx_[a] < size_[a]) return;
      idx_[a] = 0;
    }
  }

 private:
  std::vector<long> size_, stride_, idx_;
};

}  // namespace studio
