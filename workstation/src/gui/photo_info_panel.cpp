// Two-column metadata table with ImGui tables.
#include "workstation/gui/photo_info_panel.hpp"

#include <imgui.h>

#include "workstation/gui/theme.hpp"
#include "workstation/gui/timeline_layout.hpp"

namespace cicatrix::workstation {

namespace {
void row(const char* key, const std::string& value, const ImVec4* color = nullptr) {
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
    (void)ctx;
    ImGui::TextUnformatted("Photo");
    ImGui::Separator();
    const Photo* photo = state.selectedPhoto();
    if (photo == nullptr) {
        ImGui::TextColored(theme::kMutedText, "No photo selected.");
        return;
    }
    if (ImGui::BeginTable("photo-info", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        row("Captured", photo->capturedAt.substr(0, 10) + "  " + photo->capturedAt.substr(11, 5));
        switch (photo->captureTimeSource) {
            case CaptureTimeSource::Exif:
                row("Date from", "camera (EXIF)");
                break;
            case CaptureTimeSource::Manual:
                row("Date from", "entered manually");
                break;
            case CaptureTimeSource::FileTime:
                row("Date from", "file time — not from the camera; check it", &theme::kWarningText);
                break;
        }
        const int index = state.selectedPhotoIndex();
        if (index > 0) {
            const auto first = parseIsoDays(state.timeline.front().capturedAt);
            const auto here = parseIsoDays(photo->capturedAt);
            if (first && here) {
                row("Since first",
                    std::to_string(static_cast<int>(*here - *first + 0.5)) + " days");
            }
        }
        row("Source", std::string(displayName(photo->source)));
        for (const Visit& v : state.visits) {
            if (photo->visitId == v.id) {
                row("Visit", v.date + (v.kind == "remote" ? " (remote)" : " (clinic)"));
            }
        }
        row("Pixels", std::to_string(photo->width) + " × " + std::to_string(photo->height));
        if (photo->exifOrientation != 1) {
            row("Orientation", "EXIF " + std::to_string(photo->exifOrientation) + " (applied)");
        }
        row("File", photo->originalName);
        row("Size", std::to_string(photo->byteSize / 1024) + " KiB, " + photo->mediaType);
        row("SHA-256", photo->sha256.substr(0, 16) + "…");
        row("Imported", photo->importedAt.substr(0, 10));
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextColored(theme::kMutedText,
                       "No measurement yet: area and tissue\nanalysis come with the AI module.");
}

}  // namespace cicatrix::workstation
