// The COCO export: annotations.json (images, one annotation per class present per image with its
// mask as compressed RLE {size, counts} as pycocotools writes it, categories) beside the photos in
// images/<case>.png. Unsure pixels have no COCO class: they go into the image entry's
// "ignore_mask" RLE. Thread rule: one writer per export, used from one thread.
#include <opencv2/imgproc.hpp>

#include "export_internal.hpp"

namespace cicatrix::annotate::detail {

namespace {

Json rleJson(const cv::Mat& binary) {
    return Json{{"size", Json::array({binary.rows, binary.cols})},
                {"counts", encodeCocoRle(binary)}};
}

class CocoWriter final : public FormatWriter {
  public:
    explicit CocoWriter(const LabelTable& table) : m_table(table) {}

    std::expected<void, ExportError> addCase(ExportWriter& writer, const PreparedCase& c) override {
        const std::string fileName = "images/" + c.caseId + ".png";
        if (auto r = writer.writePng(fileName, c.image); !r) {
            return r;
        }
        const int imageId = static_cast<int>(m_images.size()) + 1;
        Json image{{"id", imageId},
                   {"file_name", fileName},
                   {"height", c.labels.rows},
                   {"width", c.labels.cols}};
        const cv::Mat ignore = c.labels == m_table.ignoreId;
        if (cv::countNonZero(ignore) > 0) {
            image["ignore_mask"] = rleJson(ignore);
        }
        m_images.push_back(std::move(image));
        for (const auto& [key, id] : m_table.classes) {
            if (id == 0) {
                continue;  // background is what no annotation covers
            }
            const cv::Mat mask = c.labels == id;
            const int area = cv::countNonZero(mask);
            if (area == 0) {
                continue;
            }
            const cv::Rect box = cv::boundingRect(mask);
            m_annotations.push_back(
                Json{{"id", m_annotations.size() + 1},
                     {"image_id", imageId},
                     {"category_id", id},
                     {"segmentation", rleJson(mask)},
                     {"area", area},
                     {"bbox", Json::array({box.x, box.y, box.width, box.height})},
                     {"iscrowd", 0}});
        }
        return {};
    }

    std::expected<void, ExportError> finish(ExportWriter& writer,
                                            const ExportContext& context) override {
        Json categories = Json::array();
        for (const auto& [key, id] : m_table.classes) {
            if (id != 0) {
                categories.push_back(Json{{"id", id}, {"name", key}, {"supercategory", "wound"}});
            }
        }
        const bool tissue = context.options.classes == ExportClasses::Tissue;
        Json coco{
            {"info", Json{{"description", tissue ? "Cicatrix approved wound labels, tissue classes"
                                                 : "Cicatrix approved wound labels, wound"}}},
            {"images", std::move(m_images)},
            {"annotations", std::move(m_annotations)},
            {"categories", std::move(categories)},
        };
        return writer.writeJson("annotations.json", coco);
    }

  private:
    const LabelTable& m_table;
    Json m_images = Json::array();
    Json m_annotations = Json::array();
};

}  // namespace

std::unique_ptr<FormatWriter> makeCocoWriter(const LabelTable& table) {
    return std::make_unique<CocoWriter>(table);
}

}  // namespace cicatrix::annotate::detail
