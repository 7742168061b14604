// PNG encode + content hash + pending object + version row, as one crash-safe step.
#include "workstation/labels/label_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "annotate/label_classes.hpp"
#include "library/content_hash.hpp"
#include "library/pending_objects.hpp"
#include "workstation/analysis/library_analysis.hpp"

namespace cicatrix::workstation {

Result<LabelVersion> storeLabelVersion(Library& library, const cv::Mat& labels,
                                       NewLabelVersion version) {
    if (labels.empty() || labels.type() != CV_8UC1)
        return fail(ErrorCode::InvalidInput, "a label map is an 8-bit single-channel image");
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", labels, png))
        return fail(ErrorCode::InvalidInput, "the label map could not be encoded as PNG");
    version.labelsSha256 = sha256Hex(png);
    auto stored = putPendingObject(library, version.labelsSha256, png);
    if (!stored)
        return std::unexpected(stored.error());
    return library.withDatabase([&](SQLite::Database& db) -> Result<LabelVersion> {
        SQLite::Transaction tx(db);
        auto added = LabelRepository(db).add(version);
        if (!added)
            return added;
        clearPendingObject(db, stored->id);
        tx.commit();
        return added;
    });
}

Result<cv::Mat> loadLabelMap(const Library& library, const std::string& sha256, cv::Size size) {
    auto labels = loadStoredMask(library, sha256);
    if (!labels)
        return labels;
    if (labels->size() != size)
        return fail(ErrorCode::Corrupt,
                    fmt::format("label {} is {}×{}, the photo is {}×{}", sha256.substr(0, 12),
                                labels->cols, labels->rows, size.width, size.height));
    return labels;
}

cv::Mat aiDraftLabels(const cv::Mat& woundMask, const cv::Mat& tissue) {
    cv::Mat labels = cv::Mat::zeros(woundMask.size(), CV_8UC1);
    labels.setTo(annotate::kWoundLabel, woundMask > 127);
    if (tissue.empty() || tissue.size() != woundMask.size() || tissue.type() != CV_8UC1)
        return labels;
    for (int y = 0; y < labels.rows; ++y) {
        auto* out = labels.ptr<std::uint8_t>(y);
        const auto* t = tissue.ptr<std::uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x) {
            if (out[x] == annotate::kWoundLabel && t[x] >= 1 && t[x] <= 5)
                out[x] = t[x];
        }
    }
    return labels;
}

}  // namespace cicatrix::workstation
