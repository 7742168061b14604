// A 95 % interval around a measured value, and what two of them say about a change.
#pragma once

#include <cmath>
#include <optional>

namespace cicatrix::ml {

struct Interval {
    double low = 0.0, high = 0.0;
    [[nodiscard]] double halfWidth() const { return (high - low) / 2.0; }
};

// 95 % half-width of the difference of two independently measured values (their errors add in
// quadrature); empty when either has no interval.
[[nodiscard]] inline std::optional<double> differenceHalfWidth(const std::optional<Interval>& a,
                                                               const std::optional<Interval>& b) {
    if (!a || !b)
        return std::nullopt;
    return std::hypot(a->halfWidth(), b->halfWidth());
}

}  // namespace cicatrix::ml
