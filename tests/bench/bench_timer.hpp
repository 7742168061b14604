// Median wall time of repeated runs, for the benchmarks (never asserted on).
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace cicatrix::bench {

template <typename F>
double medianMs(int repetitions, F&& f) {
    std::vector<double> times;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::ranges::sort(times);
    return times[times.size() / 2];
}

}  // namespace cicatrix::bench
