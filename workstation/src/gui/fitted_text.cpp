#include "workstation/gui/fitted_text.hpp"

namespace cicatrix::workstation {

std::string fitText(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width)
        return text;
    std::string cut = text;
    while (!cut.empty() && ImGui::CalcTextSize((cut + "…").c_str()).x > width) {
        // Drop the last character: its continuation bytes, then its first byte.
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80)
            cut.pop_back();
        if (!cut.empty())
            cut.pop_back();
    }
    return cut + "…";
}

void fittedText(const ImVec4& colour, const std::string& text) {
    const std::string shown = fitText(text, ImGui::GetContentRegionAvail().x);
    ImGui::TextColored(colour, "%s", shown.c_str());
    if (shown != text && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", text.c_str());
}

}  // namespace cicatrix::workstation
