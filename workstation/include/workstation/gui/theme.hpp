// Colours with a meaning, in one place: photo sources, warnings, selection. Main thread only.
#pragma once

#include <imgui.h>

#include <string>

#include "library/records.hpp"
#include "workstation/error.hpp"

namespace cicatrix::workstation::theme {

[[nodiscard]] ImU32 sourceColor(PhotoSource source);
inline constexpr ImU32 kSelection = IM_COL32(80, 170, 255, 255);
inline constexpr ImU32 kAxis = IM_COL32(150, 155, 165, 255);
inline constexpr ImU32 kVisit = IM_COL32(110, 200, 140, 255);
inline const ImVec4 kWarningText{1.0f, 0.75f, 0.3f, 1.0f};
inline const ImVec4 kMutedText{0.62f, 0.65f, 0.70f, 1.0f};
inline const ImVec4 kErrorText{1.0f, 0.45f, 0.4f, 1.0f};

}  // namespace cicatrix::workstation::theme

namespace cicatrix::workstation::theme {

inline constexpr ImU32 kAlert = IM_COL32(220, 60, 50, 255);
inline const ImVec4 kOkText{0.45f, 0.85f, 0.5f, 1.0f};

// A red rounded badge "! N" at the cursor (same line), with `tooltip` on hover. Main thread only.
void alertBadge(int count, const std::string& tooltip);

}  // namespace cicatrix::workstation::theme
