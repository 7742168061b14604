// Median wall time of repeated runs, for the benchmarks (never asserted on).
#pragma once

#include <algorithm>
#include <chrono>
#include <utility>
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

// Medians of two alternatives timed in alternation (a, b, a, b, …), so that a change in the
// machine's load during the run weighs on both alike: {median of a, median of b}.
template <typename A, typename B>
std::pair<double, double> alternatingMediansMs(int repetitions, A&& a, B&& b) {
    std::vector<double> first, second;
    for (int i = 0; i < repetitions; ++i) {
        first.push_back(medianMs(1, a));
        second.push_back(medianMs(1, b));
    }
    std::ranges::sort(first);
    std::ranges::sort(second);
    return {first[first.size() / 2], second[second.size() / 2]};
}

}  // namespace cicatrix::bench
