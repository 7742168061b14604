// Seeded random edit scripts for the undo and journal tests: rectangle edits (a flat class or
// class noise), undos and redos. The same seed gives the same script in any process.
// Thread rule: one script per thread.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <random>
#include <string>

#include "annotate/label_edit.hpp"

namespace cicatrix::annotate::testing {

struct ScriptStep {
    enum class Kind { Edit, Undo, Redo } kind = Kind::Edit;
    LabelEdit edit;  // for Edit: before taken from the labels given to next(), not yet applied
};

class EditScript {
  public:
    EditScript(std::uint32_t seed, cv::Size size, int undoPercent = 20, int redoPercent = 15)
        : m_rng(seed), m_size(size), m_undoPercent(undoPercent), m_redoPercent(redoPercent) {}

    ScriptStep next(const cv::Mat& labels) {
        const int roll = pick(0, 99);
        if (roll < m_undoPercent) {
            return {ScriptStep::Kind::Undo, {}};
        }
        if (roll < m_undoPercent + m_redoPercent) {
            return {ScriptStep::Kind::Redo, {}};
        }
        ScriptStep step;
        const int x = pick(0, m_size.width - 1);
        const int y = pick(0, m_size.height - 1);
        const int w = pick(1, std::min(m_size.width - x, std::max(1, m_size.width / 2)));
        const int h = pick(1, std::min(m_size.height - y, std::max(1, m_size.height / 2)));
        step.edit.rect = cv::Rect(x, y, w, h);
        step.edit.name = "Edit " + std::to_string(m_count++);
        step.edit.before = labels(step.edit.rect).clone();
        step.edit.after.create(h, w, CV_8UC1);
        if (pick(0, 1) == 0) {
            step.edit.after.setTo(randomClass());
        } else {
            for (int r = 0; r < h; ++r) {
                for (int c = 0; c < w; ++c) {
                    step.edit.after.at<std::uint8_t>(r, c) = randomClass();
                }
            }
        }
        return step;
    }

  private:
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    std::uint8_t randomClass() {
        const int c = pick(0, 6);
        return static_cast<std::uint8_t>(c == 6 ? 255 : c);
    }

    std::mt19937 m_rng;
    cv::Size m_size;
    int m_undoPercent;
    int m_redoPercent;
    int m_count = 0;
};

inline bool sameMap(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

}  // namespace cicatrix::annotate::testing
