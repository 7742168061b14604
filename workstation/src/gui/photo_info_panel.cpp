// Two-column metadata table with ImGui tables.
#include "workstation/gui/photo_info_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "annotate/label_classes.hpp"
#include "library/dates.hpp"
#include "workstation/analysis/measurement_text.hpp"
#include "workstation/analysis/photo_analysis.hpp"
#include "workstation/error.hpp"
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation {

namespace {
// One key/value row of a two-column table, recorded as "info:<key>" (what the user read).
void row(FrameRecord& record, const char* key, const std::string& value,
         const ImVec4* color = nullptr) {
    record.texts.push_back({std::string("info:") + key, value});
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextColored(theme::kMutedText, "%s", key);
    ImGui::TableSetColumnIndex(1);
    if (color != nullptr) {
        ImGui::PushStyleColor(ImGuiCol_Text, *color);
    }
    ImGui::TextWrapped("%s", value.c_str());
    if (color != nullptr) {
        ImGui::PopStyleColor();
    }
}
}  // namespace

void PhotoInfoPanel::draw(const AppState& state, DrawContext& ctx) {
    const Photo* photo = state.selectedPhoto();
    if (photo == nullptr) {
        ImGui::TextColored(theme::kMutedText, "No photo selected.");
        return;
    }
    drawMeasurement(state, *photo, ctx);
    ImGui::Spacing();
    ImGui::Spacing();
    ImGui::TextUnformatted("Photo");
    ImGui::Separator();
    if (ImGui::BeginTable("photo-info", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        row(ctx.record, "Captured",
            photo->capturedAt.substr(0, 10) + "  " + photo->capturedAt.substr(11, 5));
        switch (photo->captureTimeSource) {
            case CaptureTimeSource::Exif:
                row(ctx.record, "Date from", "camera (EXIF)");
                break;
            case CaptureTimeSource::Manual:
                row(ctx.record, "Date from", "entered manually");
                break;
            case CaptureTimeSource::FileTime:
                row(ctx.record, "Date from", "file time — not from the camera; check it",
                    &theme::kWarningText);
                break;
            case CaptureTimeSource::Dicom:
                row(ctx.record, "Date from", "DICOM acquisition time");
                break;
            case CaptureTimeSource::DicomApproximate:
                row(ctx.record, "Date from", "DICOM study/series date — time approximate",
                    &theme::kWarningText);
                break;
        }
        const int index = state.selectedPhotoIndex();
        if (index > 0) {
            const auto first = parseIsoDays(state.timeline.front().capturedAt);
            const auto here = parseIsoDays(photo->capturedAt);
            if (first && here) {
                row(ctx.record, "Since first",
                    std::to_string(static_cast<int>(*here - *first + 0.5)) + " days");
            }
        }
        row(ctx.record, "Source", std::string(displayName(photo->source)));
        for (const Visit& v : state.visits) {
            if (photo->visitId == v.id) {
                row(ctx.record, "Visit", v.date + (v.kind == "remote" ? " (remote)" : " (clinic)"));
            }
        }
        row(ctx.record, "Pixels",
            std::to_string(photo->width) + " × " + std::to_string(photo->height));
        if (photo->exifOrientation != 1) {
            row(ctx.record, "Orientation",
                "EXIF " + std::to_string(photo->exifOrientation) + " (applied)");
        }
        row(ctx.record, "File", photo->originalName);
        row(ctx.record, "Size",
            std::to_string(photo->byteSize / 1024) + " KiB, " + photo->mediaType);
        row(ctx.record, "SHA-256", photo->sha256.substr(0, 16) + "…");
        row(ctx.record, "Imported", photo->importedAt.substr(0, 10));
        if (const auto gone = state.sync.deletedOnServer.find(photo->id);
            gone != state.sync.deletedOnServer.end()) {
            row(ctx.record, "Server", "Deleted on the server " + gone->second + " — kept here",
                &theme::kWarningText);
        }
        ImGui::EndTable();
    }
}

void PhotoInfoPanel::drawCalibration(const AppState& state, const Photo& photo, DrawContext& ctx) {
    const bool active = state.calibration && state.calibration->photoId == photo.id;
    if (!active) {
        if (ImGui::SmallButton("Calibrate with a ruler…")) {
            ctx.intents.push_back(intent::StartCalibration{photo.id});
            m_lengthMm = 10.0;
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip(
                "For photos without the ArUco sticker: draw a line along a ruler\nin the photo and "
                "type its length.");
        }
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarningText);
    ImGui::TextWrapped("Ruler calibration: drag along a ruler in the photo, then type its length.");
    ImGui::PopStyleColor();
    const auto& d = *state.calibration;
    const double px = std::hypot(d.b.x - d.a.x, d.b.y - d.a.y);
    if (d.hasLine) {
        ImGui::Text("Line: %.0f px", px);
    }
    ImGui::SetNextItemWidth(120);
    ImGui::InputDouble("mm##ruler", &m_lengthMm, 1.0, 10.0, "%.1f");
    ImGui::BeginDisabled(!d.hasLine || px < 10.0 || m_lengthMm <= 0.0);
    if (ImGui::Button("Save and re-analyse"))
        ctx.intents.push_back(intent::SaveCalibration{m_lengthMm});
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel"))
        ctx.intents.push_back(intent::CancelCalibration{});
}

void PhotoInfoPanel::drawMeasurement(const AppState& state, const Photo& photo, DrawContext& ctx) {
    ImGui::TextUnformatted("Measurement");
    ImGui::Separator();
    if (state.model.loading) {
        ImGui::TextColored(theme::kMutedText, "Loading the AI model…");
    } else if (!state.model.error.empty()) {
        ImGui::TextColored(theme::kErrorText, "AI model unavailable");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", state.model.error.c_str());
    }
    const Analysis* a = state.selectedAnalysis();
    ImGui::BeginDisabled(state.model.loading || !state.model.error.empty() || state.analysing);
    if (ImGui::Button(a ? "Re-analyse photo (A)" : "Analyse photo (A)"))
        ctx.intents.push_back(intent::AnalysePhoto{photo.id});
    ImGui::SameLine();
    if (ImGui::Button("Analyse wound"))
        ctx.intents.push_back(intent::AnalyseWound{photo.woundId});
    ImGui::EndDisabled();
    drawCalibration(state, photo, ctx);
    if (a == nullptr) {
        ImGui::TextColored(theme::kMutedText, "Not analysed yet.");
        return;
    }
    if (ImGui::BeginTable("measurement", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        if (a->areaCm2) {
            // The calibration's quality comes before the number it qualifies.
            if (const std::string verdict = calibrationVerdict(*a); !verdict.empty())
                row(ctx.record, "Reliability", verdict,
                    unreliableCalibration(*a)         ? &theme::kErrorText
                    : a->calibrationQuality == "fair" ? &theme::kWarningText
                                                      : nullptr);
            row(ctx.record, "Area", areaText(*a),
                unreliableCalibration(*a) ? &theme::kErrorText : nullptr);
            if (a->areaCm2Ci95 && ImGui::IsItemHovered())
                ImGui::SetTooltip(
                    "In brackets: the 95 %% interval from the calibration (marker corners, "
                    "carried to the wound) and the outline's pixels.\nIt does not cover "
                    "whether the outline itself is right.");
            row(ctx.record, "Length × width", sizeText(*a));
            if (a->perimeterMm)  // a row written without it (hand-edited, older) draws the rest
                row(ctx.record, "Perimeter",
                    fmt::format("{}{:.1f} mm", unreliableCalibration(*a) ? "≈" : "",
                                *a->perimeterMm));
        } else {
            row(ctx.record, "Area", fmt::format("{:.0f} px — uncalibrated", a->areaPx),
                &theme::kWarningText);
            row(ctx.record, "Length × width",
                fmt::format("{:.0f} × {:.0f} px", a->lengthPx, a->widthPx));
        }
        row(ctx.record, "Calibration",
            a->calibrationSource == "none" ? std::string("none (no marker, no ruler line)")
                                           : a->calibrationSource + ": " + a->calibrationDetail,
            a->calibrationSource == "none" ? &theme::kWarningText : nullptr);
        row(ctx.record, "Outline", outlineText(*a));
        if (a->meanUncertainty)
            row(ctx.record, "Uncertainty",
                fmt::format("{:.2f} (0 = confident)", *a->meanUncertainty));
        if (a->periwoundRedness)
            row(ctx.record, "Periwound a*", fmt::format("{:.1f}", *a->periwoundRedness));
        row(ctx.record, "Analysed",
            a->createdAt.size() >= 16
                ? a->createdAt.substr(0, 10) + " " + a->createdAt.substr(11, 5) + " UTC"
                : a->createdAt);
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Tissue");
    ImGui::SameLine();
    ImGui::TextColored(theme::kWarningText, "experimental");
    if (ImGui::IsItemHovered()) {
        // Both measured errors (LUTSeg, leave one patient out), each named by where the classifier
        // ran.
        const auto errors = [](const std::optional<std::array<double, 4>>& e) {
            std::string text;
            for (const std::uint8_t id : annotate::kTissueReportOrder) {
                text += fmt::format("{}±{:.0f} {}", text.empty() ? "" : ", ", (*e)[id - 1u],
                                    annotate::findTissueClass(id)->word);
            }
            return text;
        };
        std::string tip =
            "Colour-based estimate (CIELAB), not a trained model.\nMeasured mean error against "
            "LUTSeg expert "
            "tissue masks (13 photos, leave one patient out), in percentage points of the wound:";
        const auto& expert = state.model.tissueErrorPoints;
        const auto& model = state.model.modelOutlineTissueErrorPoints;
        tip += "\n- inside the expert's wound outline: " +
               (expert ? errors(expert) : std::string("could not be measured here"));
        tip += "\n- inside the AI model's outline: " +
               (model ? errors(model)
                      : std::string(state.model.label.empty() ? "no model loaded"
                                                              : "being measured (background job)"));
        tip += a->maskSource == "model"
                   ? "\nThis outline is the model's: the second line applies."
                   : "\nThis outline was drawn or given: the first line applies.";
        ImGui::SetTooltip("%s", tip.c_str());
    }
    // The bars start after the widest tissue name, so no name runs into its bar.
    float barsFrom = ImGui::GetContentRegionAvail().x * 0.42f;
    for (const std::uint8_t id : annotate::kTissueReportOrder) {
        const std::string_view name = annotate::findTissueClass(id)->display;
        barsFrom =
            std::max(barsFrom, ImGui::CalcTextSize(name.data(), name.data() + name.size()).x +
                                   ImGui::GetStyle().ItemSpacing.x * 2);
    }
    for (const std::uint8_t id : annotate::kTissueReportOrder) {
        const double pct = tissuePercent(*a, id).value_or(0.0);
        const auto rgb = annotate::rgbOnDark(id);
        const std::string_view name = annotate::findTissueClass(id)->display;
        ImGui::TextUnformatted(name.data(), name.data() + name.size());
        ImGui::SameLine(barsFrom);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram,
                              ImVec4(rgb[0] / 255.0f, rgb[1] / 255.0f, rgb[2] / 255.0f, 1.0f));
        ImGui::ProgressBar(static_cast<float>(pct / 100.0), ImVec2(-1, 0),
                           fmt::format("{:.0f} %", pct).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    OverlaySettings o = state.viewport().overlay;
    bool changed = ImGui::Checkbox("Overlay (O)", &o.visible);
    ImGui::SameLine();
    changed |= ImGui::Checkbox("Outline", &o.outline);
    changed |= ImGui::Checkbox("Tissue colours", &o.tissueColours);
    ImGui::SameLine();
    changed |= ImGui::Checkbox("Length/width", &o.showAxes);
    ImGui::SetNextItemWidth(-1);
    changed |= ImGui::SliderFloat("##opacity", &o.opacity, 0.1f, 1.0f, "opacity %.2f");
    if (changed)
        ctx.intents.push_back(intent::SetOverlay{state.activeViewport, o});
}

}  // namespace cicatrix::workstation
