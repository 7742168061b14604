// The nnU-Net v2 raw dataset layout (what ml/train/train_segmentation.py reads): imagesTr/
// <case>_0000.png (RGB, nnU-Net's natural-image 2-D convention), labelsTr/<case>.png (grey ids),
// dataset.json; and the plain PNG layout: images/<case>.png + masks/<case>.png.
// Thread rule: one writer per export, used from one thread.
#include "export_internal.hpp"

namespace cicatrix::annotate::detail {

namespace {

class NnUnetWriter final : public FormatWriter {
  public:
    std::expected<void, ExportError> addCase(ExportWriter& writer, const PreparedCase& c) override {
        if (auto r = writer.writePng("imagesTr/" + c.caseId + "_0000.png", c.image); !r) {
            return r;
        }
        return writer.writePng("labelsTr/" + c.caseId + ".png", c.labels);
    }

    std::expected<void, ExportError> finish(ExportWriter& writer,
                                            const ExportContext& context) override {
        Json groups = Json::object();
        for (std::size_t i = 0; i < context.caseIds.size(); ++i) {
            groups[context.caseIds[i]] = context.plan.groupOfCase[i];
        }
        const bool tissue = context.options.classes == ExportClasses::Tissue;
        Json dataset{
            {"name", context.options.datasetName},
            {"description", tissue ? "Cicatrix approved wound labels, tissue classes"
                                   : "Cicatrix approved wound labels, wound vs background"},
            {"channel_names", Json{{"0", "R"}, {"1", "G"}, {"2", "B"}}},
            {"labels", labelsJson(context.table, context.hasIgnore)},
            {"numTraining", context.caseIds.size()},
            {"file_ending", ".png"},
            // Cicatrix extension: pseudonymous patient groups (train_segmentation.py splits by
            // them) and the class mode.
            {"cicatrix", Json{{"classes", tissue ? "tissue" : "wound"}, {"groups", groups}}},
        };
        return writer.writeJson("dataset.json", dataset);
    }
};

class PngWriter final : public FormatWriter {
  public:
    std::expected<void, ExportError> addCase(ExportWriter& writer, const PreparedCase& c) override {
        if (auto r = writer.writePng("images/" + c.caseId + ".png", c.image); !r) {
            return r;
        }
        return writer.writePng("masks/" + c.caseId + ".png", c.labels);
    }

    std::expected<void, ExportError> finish(ExportWriter& /*writer*/,
                                            const ExportContext& /*context*/) override {
        return {};  // the label table is in summary.json
    }
};

}  // namespace

std::unique_ptr<FormatWriter> makeNnUnetWriter() {
    return std::make_unique<NnUnetWriter>();
}

std::unique_ptr<FormatWriter> makePngWriter() {
    return std::make_unique<PngWriter>();
}

}  // namespace cicatrix::annotate::detail
