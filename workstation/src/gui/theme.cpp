// Source colours: distinct hues that stay apart for common colour-vision deficiencies.
#include "workstation/gui/theme.hpp"

namespace cicatrix::workstation::theme {

ImU32 sourceColor(PhotoSource source) {
    switch (source) {
        case PhotoSource::Clinic:
            return IM_COL32(70, 140, 230, 255);  // blue
        case PhotoSource::HomeNurse:
            return IM_COL32(240, 150, 40, 255);  // orange
        case PhotoSource::Patient:
            return IM_COL32(200, 90, 200, 255);  // magenta
        case PhotoSource::Imported:
            return IM_COL32(150, 150, 150, 255);  // grey
    }
    return IM_COL32(150, 150, 150, 255);
}

}  // namespace cicatrix::workstation::theme

namespace cicatrix::workstation::theme {

void alertBadge(int count, const std::string& tooltip) {
    if (count <= 0)
        return;
    const std::string text = "! " + std::to_string(count);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 pad(6, 1);
    ImGui::GetWindowDrawList()->AddRectFilled(
        pos, ImVec2(pos.x + size.x + 2 * pad.x, pos.y + size.y + 2 * pad.y), kAlert, size.y);
    ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y),
                                        IM_COL32(255, 255, 255, 255), text.c_str());
    ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
    if (ImGui::IsItemHovered() && !tooltip.empty()) {
        ImGui::SetTooltip("%s", tooltip.c_str());
    }
}

}  // namespace cicatrix::workstation::theme
