// LabelEdit: apply, revert and diff of dirty-rectangle label patches (see label_edit.hpp).
// Thread rule: a map and its edits belong to one thread at a time.
#include "annotate/label_edit.hpp"

#include <cassert>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cicatrix::annotate {

namespace {
void put(cv::Mat& labels, const cv::Rect& rect, const cv::Mat& patch) {
    if (rect.empty())
        return;
    assert(labels.type() == CV_8UC1 && patch.type() == CV_8UC1);
    assert((rect & cv::Rect(0, 0, labels.cols, labels.rows)) == rect);
    assert(patch.size() == rect.size());
    patch.copyTo(labels(rect));
}
}  // namespace

void apply(cv::Mat& labels, const LabelEdit& edit) {
    put(labels, edit.rect, edit.after);
}

void revert(cv::Mat& labels, const LabelEdit& edit) {
    put(labels, edit.rect, edit.before);
}

LabelEdit diffEdit(std::string name, const cv::Mat& before, const cv::Mat& after) {
    assert(before.type() == CV_8UC1 && after.type() == CV_8UC1 && before.size() == after.size());
    LabelEdit edit;
    edit.name = std::move(name);
    cv::Mat changed;
    cv::compare(before, after, changed, cv::CMP_NE);
    edit.rect = cv::boundingRect(changed);
    if (edit.rect.empty()) {
        edit.rect = {};
        return edit;
    }
    edit.before = before(edit.rect).clone();
    edit.after = after(edit.rect).clone();
    return edit;
}

std::size_t editBytes(const LabelEdit& edit) {
    const auto bytes = [](const cv::Mat& m) { return m.empty() ? 0 : m.total() * m.elemSize(); };
    return bytes(edit.before) + bytes(edit.after);
}

}  // namespace cicatrix::annotate
