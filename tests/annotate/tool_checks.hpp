// Checks every annotation tool's edit must pass: nothing outside its rectangle changed, its
// patches match the maps, and revert/apply restore the map before and after it exactly.
#pragma once

#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "annotate/label_edit.hpp"

namespace cicatrix::annotate::test {

inline int differing(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat ne;
    cv::compare(a, b, ne, cv::CMP_NE);
    return cv::countNonZero(ne);
}

// `before`: the map before the tool ran; `after`: the map the tool left; `edit`: what it returned.
inline void expectWellFormedEdit(const cv::Mat& before, const cv::Mat& after,
                                 const LabelEdit& edit) {
    if (edit.rect.empty()) {
        EXPECT_EQ(differing(before, after), 0) << "an empty edit must mean nothing changed";
        return;
    }
    ASSERT_EQ(edit.before.size(), edit.rect.size());
    ASSERT_EQ(edit.after.size(), edit.rect.size());
    ASSERT_EQ((edit.rect & cv::Rect(0, 0, before.cols, before.rows)), edit.rect);
    // Outside the rectangle nothing changed.
    cv::Mat outsideBefore = before.clone();
    cv::Mat outsideAfter = after.clone();
    outsideBefore(edit.rect).setTo(0);
    outsideAfter(edit.rect).setTo(0);
    EXPECT_EQ(differing(outsideBefore, outsideAfter), 0) << "pixels changed outside the edit";
    EXPECT_EQ(differing(edit.before, before(edit.rect)), 0);
    EXPECT_EQ(differing(edit.after, after(edit.rect)), 0);
    cv::Mat map = after.clone();
    revert(map, edit);
    EXPECT_EQ(differing(map, before), 0) << "revert did not restore the map";
    apply(map, edit);
    EXPECT_EQ(differing(map, after), 0) << "apply did not redo the edit";
}

// Runs a tool on `labels`, checking the edit it returns against the map before and after.
template <typename Tool>
LabelEdit runChecked(cv::Mat& labels, Tool&& tool) {
    const cv::Mat before = labels.clone();
    LabelEdit edit = tool(labels);
    expectWellFormedEdit(before, labels, edit);
    return edit;
}

}  // namespace cicatrix::annotate::test
