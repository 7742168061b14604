// Records the widget ImGui just drew under a name in the frame record (the layout JSON and the
// state JSON's "targets" read it, so GUI tests can click it). Main thread only, inside a frame.
#pragma once

#include <imgui.h>

#include <string>
#include <utility>

#include "workstation/gui/draw_context.hpp"

namespace cicatrix::workstation {

inline void recordLastItem(FrameRecord& record, std::string what) {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 size = ImGui::GetItemRectSize();
    record.rects.push_back({std::move(what), min.x, min.y, size.x, size.y});
}

}  // namespace cicatrix::workstation
